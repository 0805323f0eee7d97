package app.extramile.customers.importing;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import app.extramile.customers.importing.CustomerImport.Choice;

import org.springframework.validation.Errors;

/**
 * The confirm page: is the first row a header, which column holds each field (from 0;
 * only the name is required), and what to do with likely duplicates not chosen one by
 * one.
 */
record CustomerImportForm(Boolean hasHeader, Integer name, Integer phone, Integer address, Integer postcode,
		Integer reference, Integer birthday, Integer notes, Choice otherDuplicates) {

	static CustomerImportForm of(CustomerImport customerImport) {
		Columns c = customerImport.columns();
		return new CustomerImportForm(c.hasHeader(), c.of(Field.NAME), c.of(Field.PHONE), c.of(Field.ADDRESS),
				c.of(Field.POSTCODE), c.of(Field.REFERENCE), c.of(Field.BIRTHDAY), c.of(Field.NOTES),
				customerImport.duplicatesChoice());
	}

	Columns columns() {
		Map<Field, Integer> columns = new EnumMap<>(Field.class);
		for (Field field : Field.values()) {
			Integer column = column(field);
			if (column != null) {
				columns.put(field, column);
			}
		}
		return new Columns(Boolean.TRUE.equals(this.hasHeader), columns);
	}

	public Choice duplicates() {
		return (this.otherDuplicates != null) ? this.otherDuplicates : Choice.SKIP;
	}

	Integer column(Field field) {
		return switch (field) {
			case NAME -> this.name;
			case PHONE -> this.phone;
			case ADDRESS -> this.address;
			case POSTCODE -> this.postcode;
			case REFERENCE -> this.reference;
			case BIRTHDAY -> this.birthday;
			case NOTES -> this.notes;
		};
	}

	/**
	 * Field errors for a missing name column, columns outside the file or chosen twice.
	 */
	void validate(int width, Errors errors) {
		Map<Integer, Field> taken = new HashMap<>();
		for (Field field : Field.values()) {
			Integer column = column(field);
			if (column == null) {
				if (field == Field.NAME) {
					errors.rejectValue(field.key(), "customerImport.columns.nameRequired");
				}
				continue;
			}
			if (column < 0 || column >= width) {
				errors.rejectValue(field.key(), "customerImport.columns.outOfRange");
			}
			else if (taken.putIfAbsent(column, field) != null) {
				errors.rejectValue(field.key(), "customerImport.columns.sameColumn");
			}
		}
	}

}
