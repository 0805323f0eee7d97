package app.extramile.customers.importing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.extramile.customers.importing.CustomerImport.Choice;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.shared.TableFile;

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
import org.springframework.web.multipart.MultipartFile;

/**
 * Customer list import for owners: upload a CSV or Excel file, confirm the guessed
 * columns with a preview and choose what to do with likely duplicates, then follow the
 * import (htmx polls the progress; without JavaScript the page has a refresh link) and
 * read or download every rejected row.
 */
@Controller
@PreAuthorize("hasRole('OWNER')")
class CustomerImportController {

	/** Rejected rows shown on the page; the download has them all. */
	static final int REJECTIONS_SHOWN = 500;

	private final CustomerImports imports;

	private final MessageSource messages;

	CustomerImportController(CustomerImports imports, MessageSource messages) {
		this.imports = imports;
		this.messages = messages;
	}

	/** Step 1: the file. */
	record UploadForm(MultipartFile file) {

	}

	@GetMapping("/customers/import")
	String uploadPage(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("upload", new UploadForm(null));
		return uploadView(user, model);
	}

	@PostMapping("/customers/import")
	String upload(@AuthenticationPrincipal ShopUser user, @ModelAttribute("upload") UploadForm form,
			BindingResult result, Model model) throws IOException {
		if (form.file() == null || form.file().isEmpty()) {
			result.rejectValue("file",
					(form.file() == null || form.file().getOriginalFilename() == null
							|| form.file().getOriginalFilename().isEmpty()) ? "customerImport.file.required"
									: "customerImport.file.empty");
			return uploadView(user, model);
		}
		try {
			UUID id = this.imports.upload(user, form.file().getOriginalFilename(), form.file().getBytes());
			return "redirect:/customers/import/" + id;
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(result);
			return uploadView(user, model);
		}
	}

	private String uploadView(ShopUser user, Model model) {
		model.addAttribute("recent", this.imports.recent(user.shopId(), 10));
		model.addAttribute("maxBytes", this.imports.maxFileBytes());
		return "customers/import";
	}

	@GetMapping("/customers/import/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		CustomerImport customerImport = this.imports.get(user.shopId(), id);
		model.addAttribute("customerImport", customerImport);
		if (customerImport.status() == CustomerImport.Status.UPLOADED) {
			CustomerImportForm form = CustomerImportForm.of(customerImport);
			return confirmView(user, customerImport, form, Map.of(), model);
		}
		addReport(user, customerImport, model);
		return "customers/import-progress";
	}

	/**
	 * "Preview" reads the file again with the chosen columns; "Import" starts. A likely
	 * duplicate's choice comes as {@code duplicate-<line>} = MERGE or SKIP.
	 */
	@PostMapping("/customers/import/{id}")
	String confirm(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@ModelAttribute("form") CustomerImportForm form, BindingResult result,
			@RequestParam(name = "action", defaultValue = "preview") String action,
			@RequestParam Map<String, String> parameters, Model model) {
		CustomerImport customerImport = this.imports.get(user.shopId(), id);
		if (customerImport.status() != CustomerImport.Status.UPLOADED) {
			return "redirect:/customers/import/" + id;
		}
		Map<Integer, Choice> choices = choices(parameters);
		CustomerImports.Preview unmapped = this.imports.preview(user.shopId(), id,
				new Columns(form.columns().hasHeader(), Map.of()));
		form.validate(unmapped.width(), result);
		if (!result.hasErrors() && unmapped.totalRows() == 0) {
			result.reject("customerImport.file.headerOnly");
		}
		if (result.hasErrors() || !"start".equals(action)) {
			model.addAttribute("customerImport", customerImport);
			model.addAttribute("previewed", !result.hasErrors());
			return confirmView(user, customerImport, form, choices, model, result.hasErrors() ? unmapped : null);
		}
		this.imports.start(user, id, form.columns(), form.duplicates(), choices);
		return "redirect:/customers/import/" + id;
	}

	private String confirmView(ShopUser user, CustomerImport customerImport, CustomerImportForm form,
			Map<Integer, Choice> choices, Model model) {
		return confirmView(user, customerImport, form, choices, model, null);
	}

	private String confirmView(ShopUser user, CustomerImport customerImport, CustomerImportForm form,
			Map<Integer, Choice> choices, Model model, CustomerImports.Preview preview) {
		model.addAttribute("form", form);
		model.addAttribute("fields", Field.values());
		model.addAttribute("choices", choices);
		model.addAttribute("preview",
				(preview != null) ? preview : this.imports.preview(user.shopId(), customerImport.id(), form.columns()));
		return "customers/import-confirm";
	}

	private static Map<Integer, Choice> choices(Map<String, String> parameters) {
		Map<Integer, Choice> choices = new HashMap<>();
		parameters.forEach((name, value) -> {
			if (name.startsWith("duplicate-")) {
				try {
					choices.put(Integer.parseInt(name.substring("duplicate-".length())), Choice.valueOf(value));
				}
				catch (IllegalArgumentException ignored) {
					// not a line and a choice: the default applies
				}
			}
		});
		return choices;
	}

	@GetMapping("/customers/import/{id}/progress")
	String progress(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		CustomerImport customerImport = this.imports.get(user.shopId(), id);
		model.addAttribute("customerImport", customerImport);
		addReport(user, customerImport, model);
		return (htmx != null) ? "customers/import-progress :: status" : "customers/import-progress";
	}

	@PostMapping("/customers/import/{id}/retry")
	String retry(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.imports.retry(user, id);
		return "redirect:/customers/import/" + id;
	}

	/** Every rejected row as CSV: line (row in Excel), reason. */
	@GetMapping("/customers/import/{id}/rejections.csv")
	void rejections(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Locale locale,
			HttpServletResponse response) throws IOException {
		this.imports.get(user.shopId(), id);
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Disposition", "attachment; filename=\"rejected-rows.csv\"");
		var out = response.getWriter();
		out.write(TableFile.csvCell(this.messages.getMessage("customerImport.report.line", null, locale)) + ","
				+ TableFile.csvCell(this.messages.getMessage("customerImport.report.reason", null, locale)) + "\r\n");
		for (ImportRejection rejection : this.imports.rejections(user.shopId(), id, Integer.MAX_VALUE)) {
			out.write(rejection.line() + ","
					+ TableFile.csvCell(this.messages.getMessage("customerImport.reason." + rejection.reason().name(),
							new Object[] { rejection.detail() }, locale))
					+ "\r\n");
		}
	}

	private void addReport(ShopUser user, CustomerImport customerImport, Model model) {
		if (customerImport.rejected() > 0) {
			model.addAttribute("rejections",
					this.imports.rejections(user.shopId(), customerImport.id(), REJECTIONS_SHOWN));
		}
		model.addAttribute("rejectionsShown", REJECTIONS_SHOWN);
	}

}
