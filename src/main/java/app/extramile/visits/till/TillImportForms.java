package app.extramile.visits.till;

import app.extramile.visits.till.TillImport.Mapping;

import org.springframework.validation.Errors;
import org.springframework.web.multipart.MultipartFile;

/**
 * The forms of the import pages.
 */
final class TillImportForms {

	private TillImportForms() {
	}

	/** Step 1: the file. */
	record UploadForm(MultipartFile file) {

	}

	/** Step 2: which columns hold what (columns counted from 0). */
	record MappingForm(Boolean hasHeader, Integer referenceColumn, Integer timeColumn, Integer amountColumn) {

		static MappingForm of(TillImport tillImport) {
			Mapping mapping = tillImport.mapping();
			return new MappingForm(tillImport.hasHeader(), mapping.referenceColumn(), mapping.timeColumn(),
					mapping.amountColumn());
		}

		boolean header() {
			return Boolean.TRUE.equals(this.hasHeader);
		}

		Mapping mapping() {
			return new Mapping(this.referenceColumn, this.timeColumn, this.amountColumn);
		}

		/**
		 * Field errors for columns that are missing, outside the file or chosen twice.
		 */
		void validate(int width, Errors errors) {
			required("referenceColumn", this.referenceColumn, width, errors);
			required("timeColumn", this.timeColumn, width, errors);
			if (this.amountColumn != null && (this.amountColumn < 0 || this.amountColumn >= width)) {
				errors.rejectValue("amountColumn", "import.mapping.outOfRange");
			}
			if (this.timeColumn != null && this.timeColumn.equals(this.referenceColumn)
					&& !errors.hasFieldErrors("timeColumn")) {
				errors.rejectValue("timeColumn", "import.mapping.sameColumn");
			}
			if (this.amountColumn != null && !errors.hasFieldErrors("amountColumn")
					&& (this.amountColumn.equals(this.referenceColumn) || this.amountColumn.equals(this.timeColumn))) {
				errors.rejectValue("amountColumn", "import.mapping.sameColumn");
			}
		}

		private static void required(String field, Integer column, int width, Errors errors) {
			if (column == null) {
				errors.rejectValue(field, "import.mapping.required");
			}
			else if (column < 0 || column >= width) {
				errors.rejectValue(field, "import.mapping.outOfRange");
			}
		}

	}

}
