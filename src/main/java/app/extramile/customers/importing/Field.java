package app.extramile.customers.importing;

import java.util.regex.Pattern;

/**
 * What a column of a customer list can hold, and the header names that say so.
 */
enum Field {

	NAME("name|customer|who|surname|full ?name|enw"), PHONE("phone|tel|mobile|ff[oô]n"),
	ADDRESS("address|street|house|road|cyfeiriad"), POSTCODE("post ?code|zip|cod post"),
	REFERENCE("card|ref|loyalty|account|member|till|code"), BIRTHDAY("birth|dob|born|pen-?blwydd"),
	NOTES("note|comment|remark|nodyn");

	private final Pattern header;

	Field(String header) {
		this.header = Pattern.compile(header);
	}

	boolean namedBy(String header) {
		return this.header.matcher(header).find();
	}

	/** The form field and message key part: name, phone... */
	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
