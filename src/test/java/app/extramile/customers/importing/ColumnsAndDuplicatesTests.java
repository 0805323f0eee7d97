package app.extramile.customers.importing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerId;
import app.extramile.shared.CsvFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing a list's columns, and finding the customer a row is likely to be already.
 */
class ColumnsAndDuplicatesTests {

	static List<CsvFile.Row> rows(String text) {
		return CsvFile.parse(text, CsvFile.detectDelimiter(text));
	}

	@Test
	void guessesFromHeadersInPlainWordsWhateverTheirOrder() {
		Columns columns = Columns.guess(rows("Post code;Tel;Surname;DOB;Loyalty card;Comments;Street\nx\n"));

		assertThat(columns.hasHeader()).isTrue();
		assertThat(columns.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(Field.POSTCODE, 0, Field.PHONE, 1,
				Field.NAME, 2, Field.BIRTHDAY, 3, Field.REFERENCE, 4, Field.NOTES, 5, Field.ADDRESS, 6));
	}

	@Test
	void withoutAHeaderGuessesFromWhatTheCellsLookLike() {
		Columns columns = Columns
			.guess(rows("Gwen Prydderch,01970 600001,3 Stryd y Capel,SY23 1AB,SYL0001,02/05/1936\n"));

		assertThat(columns.hasHeader()).isFalse();
		assertThat(columns.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(Field.NAME, 0, Field.PHONE, 1,
				Field.ADDRESS, 2, Field.POSTCODE, 3, Field.REFERENCE, 4, Field.BIRTHDAY, 5));
	}

	@Test
	void storedColumnsReadBackTheSame() {
		Columns columns = new Columns(true, Map.of(Field.NAME, 2, Field.NOTES, 0));

		assertThat(Columns.read(true, columns.stored())).isEqualTo(columns);
	}

	@Test
	void birthdaysAreReadDayFirstAndImpossibleDatesAreNot() {
		assertThat(CustomerRows.birthday("03/04/1950")).hasValueSatisfying((d) -> assertThat(d).hasMonthValue(4));
		assertThat(CustomerRows.birthday("3.4.1950")).hasValueSatisfying((d) -> assertThat(d).hasDayOfMonth(3));
		assertThat(CustomerRows.birthday("3 Apr 1950")).isPresent();
		assertThat(CustomerRows.birthday("1950-04-03")).isPresent();
		assertThat(CustomerRows.birthday("04/13/1950")).as("American order").isEmpty();
		assertThat(CustomerRows.birthday("29/02/1951")).isEmpty();
	}

	static CustomerDetails person(String reference, String name, String phone, String address, String postcode) {
		return new CustomerDetails(reference, name, null, phone, null, address, null, postcode, null, null, null, null,
				List.of());
	}

	@Test
	void findsTheSameCardPhoneOrAVerySimilarNameAtTheSameAddress() {
		Duplicates duplicates = new Duplicates(List.of());
		CustomerId gwen = new CustomerId(UUID.randomUUID());
		duplicates.add(gwen, person("SYL0001", "Mrs Gwenllian O'Neil", "01970 600001", "3 Stryd y Capel", "SY23 1AB"));

		assertThat(duplicates.find(person("syl0001", "Someone", null, null, null)))
			.hasValueSatisfying((m) -> assertThat(m.why()).isEqualTo(Duplicates.Why.CARD));
		assertThat(duplicates.find(person(null, "Someone", "+44 (0)1970 600001", null, null)))
			.hasValueSatisfying((m) -> assertThat(m.why()).isEqualTo(Duplicates.Why.PHONE));
		assertThat(duplicates.find(person(null, "Someone", "+44 1970 600001", null, null)))
			.hasValueSatisfying((m) -> assertThat(m.why()).isEqualTo(Duplicates.Why.PHONE));
		assertThat(duplicates.find(person(null, "Gwenllïan ONeill", null, null, "sy231ab")))
			.hasValueSatisfying((m) -> assertThat(m.why()).isEqualTo(Duplicates.Why.NAME_AND_ADDRESS));
		assertThat(duplicates.find(person(null, "gwenllian o'neil", null, "3 stryd y capel", null)))
			.hasValueSatisfying((m) -> assertThat(m.customerId()).isEqualTo(gwen));
		assertThat(duplicates.find(person(null, "Gwenllian O'Neil", null, null, "SY23 9ZZ")))
			.as("same name, another address: another person")
			.isEmpty();
		assertThat(duplicates.find(person(null, "Dafydd Llwyd", null, null, "SY23 1AB"))).isEmpty();
	}

	@Test
	void atABusyPostcodeOnlyTheSameNameCountsSoAnImportNeverComparesEveryone() {
		Duplicates duplicates = new Duplicates(List.of());
		for (int i = 0; i <= Duplicates.FUZZY_PLACE_LIMIT; i++) {
			duplicates.add(new CustomerId(UUID.randomUUID()), person(null, "Person " + i, null, null, "SY23 1AB"));
		}

		assertThat(duplicates.find(person(null, "Person 7", null, null, "SY23 1AB"))).isPresent();
		assertThat(duplicates.find(person(null, "Persen 7", null, null, "SY23 1AB"))).isEmpty();
	}

}
