package app.extramile.ledger.web;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.BalanceCheck;
import app.extramile.ledger.CertificateReceipt;
import app.extramile.ledger.GiftCertificate;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.ledger.LedgerRefusedException;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.ledger.LedgerSettings;
import app.extramile.ledger.Occasions;
import app.extramile.ledger.PayItForward;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Pdf;
import app.extramile.shared.Pounds;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Bilingual;
import app.extramile.system.Shops;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The kindness ledger for staff: gift certificates, pay-it-forward pools, occasions and
 * gifts, and (owners) the nightly check. Every form carries a fresh idempotency key, so a
 * double tap or a resent form posts once. A refusal comes back as a message; nothing was
 * posted.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class LedgerController {

	private final GiftCertificates certificates;

	private final PayItForward pools;

	private final Occasions occasions;

	private final BalanceCheck check;

	private final CustomerDirectory customers;

	private final Shops shops;

	private final LedgerSettings settings;

	private final SpringTemplateEngine templates;

	private final Bilingual bilingual;

	LedgerController(GiftCertificates certificates, PayItForward pools, Occasions occasions, BalanceCheck check,
			CustomerDirectory customers, Shops shops, LedgerSettings settings, SpringTemplateEngine templates,
			Bilingual bilingual) {
		this.bilingual = bilingual;
		this.certificates = certificates;
		this.pools = pools;
		this.occasions = occasions;
		this.check = check;
		this.customers = customers;
		this.shops = shops;
		this.settings = settings;
		this.templates = templates;
	}

	@GetMapping("/ledger")
	String index(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("certificates", this.certificates.list(user.shopId(), 50));
		model.addAttribute("pools", this.pools.pools(user.shopId()));
		model.addAttribute("months", this.pools.monthlyTotals(user.shopId(), 3));
		model.addAttribute("thanks", this.pools.recentThanks(user.shopId(), 5));
		model.addAttribute("shop", this.shops.find(user.shopId()).orElse(null));
		model.addAttribute("key", UUID.randomUUID().toString());
		return "ledger/index";
	}

	@PostMapping("/ledger/certificates")
	String issue(@AuthenticationPrincipal ShopUser user, @RequestParam String key,
			@RequestParam(required = false) String amount, @RequestParam(required = false) String buyerName,
			@RequestParam(required = false) String recipientName,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
			RedirectAttributes redirect, HttpServletRequest request) {
		try {
			long minor = pence(amount, true);
			CertificateReceipt receipt = this.certificates.issue(user,
					new IssueRequest(minor, this.settings.currency(), null, buyerName, null, recipientName, expiresOn),
					key);
			redirect.addFlashAttribute("done", "ledger.done.issued");
			return "redirect:/ledger/certificates/" + receipt.certificateId();
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "issue", ex, request);
			return "redirect:/ledger";
		}
	}

	@GetMapping("/ledger/certificates/{id}")
	String certificate(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		model.addAttribute("certificate", this.certificates.get(user.shopId(), id));
		model.addAttribute("history", this.certificates.history(user.shopId(), id));
		model.addAttribute("owner", user.role() == Role.OWNER);
		model.addAttribute("key", UUID.randomUUID().toString());
		return "ledger/certificate";
	}

	@PostMapping("/ledger/certificates/{id}/{action}")
	String act(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable String action,
			@RequestParam String key, @RequestParam(required = false) String amount,
			@RequestParam(required = false) String direction, @RequestParam(required = false) String reason,
			RedirectAttributes redirect, HttpServletRequest request) {
		GiftCertificate certificate = this.certificates.get(user.shopId(), id);
		String code = certificate.code();
		try {
			switch (action) {
				case "load" -> this.certificates.load(user, code, pence(amount, false), key);
				case "redeem" -> this.certificates.redeem(user, code, pence(amount, false), key);
				case "refund" -> this.certificates.refund(user, code, pence(amount, false), key);
				case "adjust" -> this.certificates.adjust(user, code,
						"down".equals(direction) ? -pence(amount, false) : pence(amount, false), reason, key);
				case "block" -> this.certificates.block(user, code, key);
				case "unblock" -> this.certificates.unblock(user, code, key);
				case "void" -> this.certificates.voidCertificate(user, code, key);
				default -> throw new AccessDeniedException("no such action");
			}
			redirect.addFlashAttribute("done", "ledger.done." + action);
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, action, ex, request);
		}
		return "redirect:/ledger/certificates/" + id;
	}

	/** A printable certificate: the code, the amount, and who it is for. */
	@GetMapping("/ledger/certificates/{id}/certificate.pdf")
	ResponseEntity<byte[]> pdf(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(name = "bilingual", defaultValue = "false") boolean bilingual) throws Exception {
		GiftCertificate certificate = this.certificates.get(user.shopId(), id);
		Context context = new Context(Pounds.locale());
		context.setVariable("texts", this.bilingual);
		context.setVariable("languages", Bilingual.languages(bilingual));
		context.setVariable("certificate", certificate);
		context.setVariable("shop", this.shops.find(user.shopId()).orElse(null));
		context.setVariable("amount", new Pounds().show(certificate.balanceMinor()));
		String xhtml = this.templates.process("ledger/certificate-pdf", context);
		byte[] pdf = Pdf.fromXhtml(xhtml);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("gift-certificate.pdf").build().toString())
			.body(pdf);
	}

	@PostMapping("/ledger/pools")
	String openPool(@AuthenticationPrincipal ShopUser user, @RequestParam String name,
			@RequestParam(required = false) String unitPrice, RedirectAttributes redirect, HttpServletRequest request) {
		try {
			Long price = (unitPrice == null || unitPrice.isBlank()) ? null : pence(unitPrice, false);
			this.pools.open(user, name, price);
			redirect.addFlashAttribute("done", "ledger.done.poolOpened");
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "pool", ex, request);
		}
		return "redirect:/ledger#pools";
	}

	@PostMapping("/ledger/pools/{id}/donations")
	String donate(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @RequestParam String key,
			@RequestParam(defaultValue = "1") int units, @RequestParam(required = false) String amount,
			@RequestParam(required = false) String donorName, @RequestParam(required = false) String note,
			RedirectAttributes redirect, HttpServletRequest request) {
		try {
			boolean items = this.pools.get(user.shopId(), id).items();
			this.pools.donate(user, id, units, items ? 0 : pence(amount, false), donorName, note, key);
			redirect.addFlashAttribute("done", "ledger.done.donated");
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "donate-" + id, ex, request);
		}
		return "redirect:/ledger#pools";
	}

	@PostMapping("/ledger/pools/{id}/give-outs")
	String giveOut(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @RequestParam String key,
			@RequestParam(required = false) String amount, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String referral, RedirectAttributes redirect, HttpServletRequest request) {
		try {
			boolean items = this.pools.get(user.shopId(), id).items();
			this.pools.giveOut(user, id, items ? 0 : pence(amount, false), reason, referral, key);
			redirect.addFlashAttribute("done", "ledger.done.given");
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "give-" + id, ex, request);
		}
		return "redirect:/ledger#pools";
	}

	@GetMapping("/ledger/occasions")
	String occasions(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("upcoming", this.occasions.upcoming(user.shopId(), 7));
		model.addAttribute("gifts", this.occasions.recentGifts(user.shopId(), 30));
		model.addAttribute("customers", this.customers.list(user.shopId(), false, 500, 0));
		return "ledger/occasions";
	}

	/**
	 * This week's birthdays and anniversaries as a fragment for the staff's home page
	 * (the counter loads it), so the counter needs nothing from this module but the
	 * address.
	 */
	@GetMapping("/ledger/occasions/coming-up")
	String comingUp(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("upcoming", this.occasions.upcoming(user.shopId(), 7));
		return "ledger/occasions :: comingUp";
	}

	@PostMapping("/ledger/gifts")
	String gift(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String customerId,
			@RequestParam String what, @RequestParam(required = false) String occasion, RedirectAttributes redirect,
			HttpServletRequest request) {
		try {
			this.occasions.recordGift(user, picked(user, customerId), what, occasion);
			redirect.addFlashAttribute("done", "ledger.done.gift");
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "gift", ex, request);
		}
		return "redirect:/ledger/occasions";
	}

	@PostMapping("/ledger/occasions")
	String addOccasion(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String customerId,
			@RequestParam String label, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate firstOn,
			RedirectAttributes redirect, HttpServletRequest request) {
		try {
			this.occasions.addOccasion(user, picked(user, customerId), label, firstOn);
			redirect.addFlashAttribute("done", "ledger.done.occasion");
		}
		catch (LedgerRefusedException ex) {
			refuse(redirect, "occasion", ex, request);
		}
		return "redirect:/ledger/occasions";
	}

	@GetMapping("/ledger/checks")
	@PreAuthorize("hasRole('OWNER')")
	String checks(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("checks", this.check.latest(user.shopId(), 30));
		return "ledger/checks";
	}

	@PostMapping("/ledger/checks")
	@PreAuthorize("hasRole('OWNER')")
	String checkNow(@AuthenticationPrincipal ShopUser user) {
		this.check.run(user.shopId());
		return "redirect:/ledger/checks";
	}

	private static long pence(String typed, boolean zeroAllowed) {
		Long minor = Pounds.parse(typed);
		if (minor == null) {
			throw new LedgerRefusedException(Reason.AMOUNT_UNREADABLE, "amount");
		}
		if (minor < 0 || (minor == 0 && !zeroAllowed)) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, "amount");
		}
		return minor;
	}

	/** The customer chosen in the typed picker, or refused by its field. */
	private CustomerId picked(ShopUser user, String typed) {
		return this.customers.pick(user.shopId(), typed)
			.orElseThrow(
					() -> new LedgerRefusedException(LedgerRefusedException.Reason.UNKNOWN_CUSTOMER, "customerId"));
	}

	/**
	 * The refusal twice: once at the top of the page (for a screen reader's alert and for
	 * refusals about no one field) and once by the field, with what was typed kept. The
	 * ledger names amounts in pence; the forms in pounds.
	 */
	private static void refuse(RedirectAttributes redirect, String form, LedgerRefusedException ex,
			HttpServletRequest request) {
		FormRefusal refusal = FormRefusal.of(form, ex, request.getParameterMap());
		refusal.atField("amountMinor".equals(ex.field()) ? "amount" : ex.field()).to(redirect);
	}

}
