package app.extramile.system;

import app.extramile.shared.ShopUser;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the shared page layout shows: the shop's name, who is signed in and the navigation
 * for them.
 */
@ControllerAdvice
class LayoutAdvice {

	private final Shops shops;

	LayoutAdvice(Shops shops) {
		this.shops = shops;
	}

	@ModelAttribute("currentShop")
	Shop currentShop() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ShopUser user) {
			return this.shops.find(user.shopId()).orElse(null);
		}
		return null;
	}

	@ModelAttribute("navigation")
	Navigation navigation(HttpServletRequest request) {
		ShopUser user = currentUser();
		if (user == null) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return Navigation.forUser(user, path);
	}

	@ModelAttribute("currentUser")
	ShopUser currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ShopUser user) ? user : null;
	}

}
