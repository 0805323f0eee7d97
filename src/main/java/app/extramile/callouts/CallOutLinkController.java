package app.extramile.callouts;

import java.util.UUID;

import app.extramile.callouts.CallOuts.Link;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member's own link from a text message: no sign-in (the link is the credential), one
 * call-out, sign up or withdraw in a tap. Shows slots and first names of who is coming,
 * nothing about customers.
 */
@Controller
class CallOutLinkController {

	private final CallOuts callOuts;

	CallOutLinkController(CallOuts callOuts) {
		this.callOuts = callOuts;
	}

	@GetMapping("/c/{token}")
	String show(@PathVariable String token, Model model) {
		Link link = this.callOuts.link(token).orElseThrow(UnknownLink::new);
		model.addAttribute("callOut", this.callOuts.get(link.shop(), link.callOutId()));
		model.addAttribute("me", link.memberId());
		model.addAttribute("token", token);
		return "callouts/link";
	}

	@PostMapping("/c/{token}/slots/{slotId}/signup")
	String signUp(@PathVariable String token, @PathVariable UUID slotId, RedirectAttributes redirect) {
		Link link = this.callOuts.link(token).orElseThrow(UnknownLink::new);
		try {
			this.callOuts.signUp(link.shop(), link.memberId(), slotId, true);
			redirect.addFlashAttribute("signedUp", true);
		}
		catch (Refused ex) {
			redirect.addFlashAttribute("refused", ex.messageKey());
			redirect.addFlashAttribute("refusedSlot", slotId);
		}
		catch (NotFoundException ex) {
			throw new UnknownLink();
		}
		return "redirect:/c/" + token;
	}

	@PostMapping("/c/{token}/slots/{slotId}/withdraw")
	String withdraw(@PathVariable String token, @PathVariable UUID slotId) {
		Link link = this.callOuts.link(token).orElseThrow(UnknownLink::new);
		this.callOuts.withdraw(link.shop(), link.memberId(), slotId);
		return "redirect:/c/" + token;
	}

	/** An unknown or retired link: the same answer as no page at all. */
	@ResponseStatus(HttpStatus.NOT_FOUND)
	static class UnknownLink extends RuntimeException {

		UnknownLink() {
			super("unknown call-out link");
		}

	}

}
