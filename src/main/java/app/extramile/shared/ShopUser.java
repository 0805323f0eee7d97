package app.extramile.shared;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person (or API token) and the shop they act for. Controllers take it with
 * {@code @AuthenticationPrincipal} and scope every query by {@link #shopId()}.
 */
public final class ShopUser implements UserDetails, CredentialsContainer, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID accountId;

	private final ShopId shopId;

	private final String username;

	private final String displayName;

	private final Role role;

	private String passwordHash;

	public ShopUser(UUID accountId, ShopId shopId, String username, String displayName, Role role,
			String passwordHash) {
		this.accountId = accountId;
		this.shopId = shopId;
		this.username = username;
		this.displayName = displayName;
		this.role = role;
		this.passwordHash = passwordHash;
	}

	public UUID accountId() {
		return this.accountId;
	}

	public ShopId shopId() {
		return this.shopId;
	}

	public String displayName() {
		return this.displayName;
	}

	public Role role() {
		return this.role;
	}

	public boolean mayReadCareProfile() {
		return this.role.mayReadCareProfile();
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority(this.role.authority()));
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ShopUser that && that.accountId.equals(this.accountId);
	}

	@Override
	public int hashCode() {
		return this.accountId.hashCode();
	}

	@Override
	public String toString() {
		return "ShopUser[" + this.accountId + ", " + this.role + "]";
	}

}
