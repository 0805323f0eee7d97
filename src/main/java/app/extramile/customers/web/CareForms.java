package app.extramile.customers.web;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.extramile.customers.AwayNotice;
import app.extramile.customers.CareProfile;
import app.extramile.customers.Contact;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * Forms for the care side of a customer: care profile, contact, consent, away notice.
 */
final class CareForms {

	private CareForms() {
	}

	record CareForm(boolean livesAlone, boolean personalAlarm, boolean vulnerable, boolean freeDelivery,
			@Size(max = 500) String mobilityNotes, @Size(max = 500) String sightNotes,
			@Size(max = 500) String hearingNotes, @Size(max = 500) String usualItems, @Size(max = 120) String newspaper,
			@Size(max = 2000) String careNotes, @Size(max = 1000) String accessNotes) {

		static CareForm of(CareProfile p) {
			return new CareForm(p.livesAlone(), p.personalAlarm(), p.vulnerable(), p.freeDelivery(), p.mobilityNotes(),
					p.sightNotes(), p.hearingNotes(), p.usualItems(), p.newspaper(), p.careNotes(), p.accessNotes());
		}

		CareProfile profile() {
			return new CareProfile(this.livesAlone, this.personalAlarm, this.vulnerable, this.freeDelivery,
					this.mobilityNotes, this.sightNotes, this.hearingNotes, this.usualItems, this.newspaper,
					this.careNotes, this.accessNotes);
		}

	}

	record ContactForm(@NotBlank @Size(max = 120) String name, @NotNull Contact.Relationship relationship,
			@NotBlank @Size(max = 30) @Pattern(regexp = "[0-9 +()-]*") String phone, boolean hasKey) {

		static ContactForm empty() {
			return new ContactForm("", Contact.Relationship.NEIGHBOUR, "", false);
		}

	}

	/**
	 * What the customer agrees to and how; on paper, the day the form was signed and who
	 * witnessed it (the scanned page comes beside the form, as a file).
	 */
	record ConsentForm(Boolean welfareChecks, Boolean contactNamedPeople, Boolean keepCareNotes,
			@Size(max = 200) String howGiven, Boolean onPaper,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate signedOn, @Size(max = 120) String witnessedBy) {

		/**
		 * A box not ticked may be sent as nothing at all (without the browser's marker).
		 */
		ConsentForm {
			welfareChecks = Boolean.TRUE.equals(welfareChecks);
			contactNamedPeople = Boolean.TRUE.equals(contactNamedPeople);
			keepCareNotes = Boolean.TRUE.equals(keepCareNotes);
			onPaper = Boolean.TRUE.equals(onPaper);
		}

		static ConsentForm empty(LocalDate today) {
			return new ConsentForm(false, false, false, "", false, today, "");
		}

	}

	/** How the customer withdrew their consent; on paper, as for giving it. */
	record WithdrawalForm(@Size(max = 200) String withdrawnHow, Boolean withdrawnOnPaper,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate withdrawnSignedOn,
			@Size(max = 120) String withdrawnWitnessedBy) {

		WithdrawalForm {
			withdrawnOnPaper = Boolean.TRUE.equals(withdrawnOnPaper);
		}

		static WithdrawalForm empty(LocalDate today) {
			return new WithdrawalForm("", false, today, "");
		}

	}

	record AwayForm(@NotNull AwayNotice.Reason reason,
			@NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, @Size(max = 300) String note) {

	}

}
