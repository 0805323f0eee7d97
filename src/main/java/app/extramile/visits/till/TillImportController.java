package app.extramile.visits.till;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.visits.till.TillImportForms.MappingForm;
import app.extramile.visits.till.TillImportForms.UploadForm;

import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Till history import for staff and owners: upload a CSV file, choose its columns with a
 * preview, then follow the import (htmx polls the progress; without JavaScript the page
 * has a refresh link) and read every rejected line.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class TillImportController {

	/** Rejected lines shown on the page; the download has them all. */
	static final int REJECTIONS_SHOWN = 500;

	private final TillImports imports;

	private final MessageSource messages;

	TillImportController(TillImports imports, MessageSource messages) {
		this.imports = imports;
		this.messages = messages;
	}

	@GetMapping("/visits/import")
	String uploadPage(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("upload", new UploadForm(null));
		return uploadView(user, model);
	}

	@PostMapping("/visits/import")
	String upload(@AuthenticationPrincipal ShopUser user, @ModelAttribute("upload") UploadForm form,
			BindingResult result, Model model) throws IOException {
		if (form.file() == null || form.file().isEmpty()) {
			result.rejectValue("file", "import.file.required");
			return uploadView(user, model);
		}
		try {
			UUID id = this.imports.upload(user, form.file().getOriginalFilename(), form.file().getBytes());
			return "redirect:/visits/import/" + id;
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(result);
			return uploadView(user, model);
		}
	}

	private String uploadView(ShopUser user, Model model) {
		model.addAttribute("recent", this.imports.recent(user.shopId(), 10));
		return "visits/import";
	}

	@GetMapping("/visits/import/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		TillImport tillImport = this.imports.get(user.shopId(), id);
		model.addAttribute("tillImport", tillImport);
		if (tillImport.status() == TillImport.Status.UPLOADED) {
			MappingForm form = MappingForm.of(tillImport);
			model.addAttribute("form", form);
			model.addAttribute("sample", this.imports.sample(user.shopId(), id, form.header(), form.mapping()));
			return "visits/import-mapping";
		}
		addReport(user, tillImport, model);
		return "visits/import-progress";
	}

	/** "Preview" shows the first rows read with the chosen columns; "Import" starts. */
	@PostMapping("/visits/import/{id}")
	String map(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @ModelAttribute("form") MappingForm form,
			BindingResult result, @RequestParam(name = "action", defaultValue = "preview") String action, Model model) {
		TillImport tillImport = this.imports.get(user.shopId(), id);
		if (tillImport.status() != TillImport.Status.UPLOADED) {
			return "redirect:/visits/import/" + id;
		}
		TillImports.Sample sample = this.imports.sample(user.shopId(), id, form.header(), null);
		form.validate(sample.width(), result);
		if (result.hasErrors() || !"start".equals(action)) {
			model.addAttribute("tillImport", tillImport);
			model.addAttribute("sample", result.hasErrors() ? sample
					: this.imports.sample(user.shopId(), id, form.header(), form.mapping()));
			model.addAttribute("previewed", !result.hasErrors());
			return "visits/import-mapping";
		}
		this.imports.start(user, id, form.header(), form.mapping());
		return "redirect:/visits/import/" + id;
	}

	@GetMapping("/visits/import/{id}/progress")
	String progress(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		TillImport tillImport = this.imports.get(user.shopId(), id);
		model.addAttribute("tillImport", tillImport);
		addReport(user, tillImport, model);
		return (htmx != null) ? "visits/import-progress :: status" : "visits/import-progress";
	}

	@PostMapping("/visits/import/{id}/retry")
	String retry(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.imports.retry(user, id);
		return "redirect:/visits/import/" + id;
	}

	/** Every rejected line as CSV: line number, reason, value. */
	@GetMapping("/visits/import/{id}/rejections.csv")
	void rejections(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Locale locale,
			HttpServletResponse response) throws IOException {
		this.imports.get(user.shopId(), id);
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Disposition", "attachment; filename=\"rejected-lines.csv\"");
		var out = response.getWriter();
		out.write(csv(this.messages.getMessage("import.report.line", null, locale)) + ","
				+ csv(this.messages.getMessage("import.report.reason", null, locale)) + "\r\n");
		for (Rejection rejection : this.imports.rejections(user.shopId(), id, Integer.MAX_VALUE)) {
			out.write(rejection.line() + "," + csv(reason(rejection, locale)) + "\r\n");
		}
	}

	private void addReport(ShopUser user, TillImport tillImport, Model model) {
		if (tillImport.rejected() > 0) {
			model.addAttribute("rejections", this.imports.rejections(user.shopId(), tillImport.id(), REJECTIONS_SHOWN));
		}
		model.addAttribute("rejectionsShown", REJECTIONS_SHOWN);
	}

	private String reason(Rejection rejection, Locale locale) {
		return this.messages.getMessage("import.reason." + rejection.reason().name(),
				new Object[] { rejection.detail() }, locale);
	}

	private static String csv(String value) {
		String safe = value;
		// A cell starting with = + - @ would be run as a formula by a spreadsheet.
		if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
			safe = "'" + safe;
		}
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

}
