package app.extramile.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * Turns a page written as XHTML (a Thymeleaf template with its own print styles) into a
 * PDF: the run sheet, the gift certificate, the poster, the consent form, the data
 * export's summary. One place, so every printed page is made the same way.
 */
public final class Pdf {

	private Pdf() {
	}

	public static byte[] fromXhtml(String xhtml) {
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		PdfRendererBuilder builder = new PdfRendererBuilder();
		builder.useFastMode();
		builder.withHtmlContent(xhtml, null);
		builder.toStream(pdf);
		try {
			builder.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pdf.toByteArray();
	}

}
