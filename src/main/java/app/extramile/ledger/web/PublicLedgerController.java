package app.extramile.ledger.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.extramile.ledger.GiftCertificate;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.GiftLookupThrottle;
import app.extramile.ledger.PayItForward;
import app.extramile.shared.NotFoundException;
import app.extramile.system.Shop;
import app.extramile.system.Shops;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Pages anyone may open without signing in: a gift certificate's balance by its code
 * (only balance, state and expiry; rate-limited per client address), and a shop's
 * pay-it-forward board for the window or a screen.
 */
@Controller
class PublicLedgerController {

	private final GiftCertificates certificates;

	private final GiftLookupThrottle throttle;

	private final PayItForward pools;

	private final Shops shops;

	PublicLedgerController(GiftCertificates certificates, GiftLookupThrottle throttle, PayItForward pools,
			Shops shops) {
		this.certificates = certificates;
		this.throttle = throttle;
		this.pools = pools;
		this.shops = shops;
	}

	@GetMapping("/gift")
	String form() {
		return "ledger/gift-balance";
	}

	@PostMapping("/gift")
	String lookUp(@RequestParam(required = false) String code, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		return show(code, request, response, model);
	}

	@GetMapping("/gift/{code}")
	String byCode(@PathVariable String code, HttpServletRequest request, HttpServletResponse response, Model model) {
		return show(code, request, response, model);
	}

	private String show(String code, HttpServletRequest request, HttpServletResponse response, Model model) {
		if (!this.throttle.allow(request.getRemoteAddr())) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			model.addAttribute("throttled", true);
			return "ledger/gift-balance";
		}
		Optional<GiftCertificate> found = this.certificates.findByCodeAnywhere(code);
		if (found.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			model.addAttribute("unknown", true);
			return "ledger/gift-balance";
		}
		GiftCertificate certificate = found.get();
		model.addAttribute("balanceMinor", certificate.balanceMinor());
		model.addAttribute("state", certificate.state().name());
		model.addAttribute("expiresOn", certificate.expiresOn());
		return "ledger/gift-balance";
	}

	@GetMapping("/p/{slug}/board")
	String board(@PathVariable String slug, Model model) {
		Shop shop = this.shops.findBySlug(slug).orElseThrow(() -> new NotFoundException("shop"));
		model.addAttribute("shopName", shop.name());
		model.addAttribute("pools", this.pools.pools(shop.id()));
		return "ledger/board";
	}

}
