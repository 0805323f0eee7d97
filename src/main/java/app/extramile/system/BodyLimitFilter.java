package app.extramile.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than its endpoint needs before anything reads it whole,
 * with 413 (an RFC 9457 problem detail under {@code /api/**}) and the connection closed.
 * A declared {@code Content-Length} over the limit is refused at once, unread; a body of
 * unknown length (chunked) is read through a counting stream that stops one byte past the
 * limit. Runs before every other filter of the app (sessions, security), so memory stays
 * flat however large the body is. Once a read has passed the limit, whatever the app
 * answers (a parser may make the failed read a 400) is dropped for the 413.
 * <p>
 * Limits: alarm intake 4 KB (the intake checks it again); {@code POST /api/visits} 8 MB,
 * for its documented batch of up to 10,000 visits (a visit with the longest external id
 * and reference is under 400 bytes of JSON, so 10,000 fit in 4 MB, with room for
 * indentation); the rest of {@code /api/**} 64 KB; multipart uploads (till history
 * import) {@code spring.servlet.multipart.max-request-size}; every other body, such as a
 * form post, 1 MB. Form and multipart bodies of unknown length are parsed by Tomcat
 * itself, within {@code server.tomcat.max-http-form-post-size} and the multipart limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BodyLimitFilter extends OncePerRequestFilter {

	static final long ALARM_INTAKE = 4 * 1024;

	static final long VISIT_BATCH = 8 * 1024 * 1024;

	static final long API = 64 * 1024;

	static final long FORM = 1024 * 1024;

	private final long multipart;

	private final ProblemWriter problems;

	BodyLimitFilter(@Value("${spring.servlet.multipart.max-request-size:21MB}") DataSize multipart,
			ProblemWriter problems) {
		this.multipart = multipart.toBytes();
		this.problems = problems;
	}

	long limitFor(HttpServletRequest request) {
		String path = path(request);
		if (path.equals("/api/alarms") || path.startsWith("/api/alarms/")) {
			return ALARM_INTAKE;
		}
		if (path.equals("/api/visits")) {
			return VISIT_BATCH;
		}
		if (path.startsWith("/api/")) {
			return API;
		}
		String type = request.getContentType();
		if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
			return this.multipart;
		}
		return FORM;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request);
		if (request.getContentLengthLong() > limit) {
			refuse(request, response, limit);
			return;
		}
		BoundedRequest bounded = new BoundedRequest(request, limit);
		try {
			chain.doFilter(bounded, new QuietAfterExceeded(response, bounded));
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!bounded.exceeded || response.isCommitted()) {
				throw ex;
			}
		}
		if (bounded.exceeded && !response.isCommitted()) {
			response.reset();
			refuse(request, response, limit);
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		// Tomcat closes the connection after a 413 as well, swallowing at most
		// server.tomcat.max-swallow-size of what is left of the body first.
		response.setHeader("Connection", "close");
		if (path(request).startsWith("/api/")) {
			this.problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "problem.body.tooLarge",
					request.getRequestURI(), DataSize.ofBytes(limit).toKilobytes());
		}
		else {
			response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
		}
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	/**
	 * Thrown by a read that passes the limit; not an IOException, so no reader wraps it.
	 */
	static final class BodyTooLarge extends RuntimeException {

		BodyTooLarge(long limit) {
			super("The request body is larger than " + limit + " bytes", null, false, false);
		}

	}

	/**
	 * The response, which ignores everything the app does once the body has passed its
	 * limit: a reader may wrap the failed read in its own error (a JSON parser makes it a
	 * 400 problem), and that answer must not be sent in place of the 413.
	 */
	static final class QuietAfterExceeded extends HttpServletResponseWrapper {

		private final BoundedRequest request;

		private ServletOutputStream stream;

		private PrintWriter writer;

		QuietAfterExceeded(HttpServletResponse response, BoundedRequest request) {
			super(response);
			this.request = request;
		}

		private boolean quiet() {
			return this.request.exceeded;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (quiet()) {
				return new Nowhere();
			}
			if (this.stream == null) {
				this.stream = quietly(super.getOutputStream());
			}
			return this.stream;
		}

		private ServletOutputStream quietly(ServletOutputStream out) {
			return new ServletOutputStream() {

				@Override
				public void write(int b) throws IOException {
					if (!quiet()) {
						out.write(b);
					}
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					if (!quiet()) {
						out.write(b, off, len);
					}
				}

				@Override
				public void flush() throws IOException {
					if (!quiet()) {
						out.flush();
					}
				}

				@Override
				public void close() throws IOException {
					if (!quiet()) {
						out.close();
					}
				}

				@Override
				public boolean isReady() {
					return out.isReady();
				}

				@Override
				public void setWriteListener(WriteListener listener) {
					out.setWriteListener(listener);
				}

			};
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (quiet()) {
				return new PrintWriter(Writer.nullWriter());
			}
			if (this.writer == null) {
				this.writer = quietly(super.getWriter());
			}
			return this.writer;
		}

		private PrintWriter quietly(PrintWriter writer) {
			return new PrintWriter(new Writer() {

				@Override
				public void write(char[] buffer, int off, int len) {
					if (!quiet()) {
						writer.write(buffer, off, len);
					}
				}

				@Override
				public void flush() {
					if (!quiet()) {
						writer.flush();
					}
				}

				@Override
				public void close() {
					if (!quiet()) {
						writer.close();
					}
				}

			});
		}

		@Override
		public void setStatus(int sc) {
			if (!quiet()) {
				super.setStatus(sc);
			}
		}

		@Override
		public void sendError(int sc, String msg) throws IOException {
			if (!quiet()) {
				super.sendError(sc, msg);
			}
		}

		@Override
		public void sendError(int sc) throws IOException {
			if (!quiet()) {
				super.sendError(sc);
			}
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			if (!quiet()) {
				super.sendRedirect(location);
			}
		}

		@Override
		public void setHeader(String name, String value) {
			if (!quiet()) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!quiet()) {
				super.addHeader(name, value);
			}
		}

		@Override
		public void setContentType(String type) {
			if (!quiet()) {
				super.setContentType(type);
			}
		}

		@Override
		public void setContentLength(int len) {
			if (!quiet()) {
				super.setContentLength(len);
			}
		}

		@Override
		public void setContentLengthLong(long len) {
			if (!quiet()) {
				super.setContentLengthLong(len);
			}
		}

		@Override
		public void flushBuffer() throws IOException {
			if (!quiet()) {
				super.flushBuffer();
			}
		}

		private static final class Nowhere extends ServletOutputStream {

			@Override
			public void write(int b) {
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		}

	}

	/** The request, whose body reads stop one byte past the limit. */
	static final class BoundedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		private BufferedReader reader;

		volatile boolean exceeded;

		BoundedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counting(super.getInputStream());
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

		private final class Counting extends ServletInputStream {

			private final ServletInputStream in;

			private long count;

			Counting(ServletInputStream in) {
				this.in = in;
			}

			@Override
			public int read() throws IOException {
				int b = this.in.read();
				if (b >= 0) {
					counted(1);
				}
				return b;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				// never more than one byte past the limit from the connection
				long room = BoundedRequest.this.limit - this.count + 1;
				int n = this.in.read(b, off, (int) Math.min(len, Math.max(room, 1)));
				if (n > 0) {
					counted(n);
				}
				return n;
			}

			private void counted(int n) {
				this.count += n;
				if (this.count > BoundedRequest.this.limit) {
					BoundedRequest.this.exceeded = true;
					throw new BodyTooLarge(BoundedRequest.this.limit);
				}
			}

			@Override
			public boolean isFinished() {
				return this.in.isFinished();
			}

			@Override
			public boolean isReady() {
				return this.in.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				this.in.setReadListener(listener);
			}

		}

	}

}
