package app.extramile.system;

import java.util.Locale;
import java.util.UUID;

import app.extramile.shared.Language;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who reads which language: the shop's default (for people who are not on the team, and
 * for accounts that have not chosen) and each account's own choice.
 */
@Component
public class Languages {

	private final JdbcClient jdbc;

	Languages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The shop's default language; English for a shop that does not exist. */
	public Language ofShop(ShopId shop) {
		return this.jdbc.sql("select language from shop where id = ?")
			.param(shop.value())
			.query(String.class)
			.optional()
			.flatMap(Language::of)
			.orElse(Language.ENGLISH);
	}

	/** The account's language: its own choice, else the shop's default. */
	public Language ofAccount(ShopId shop, UUID accountId) {
		return chosenBy(shop, accountId).orElseGet(() -> ofShop(shop));
	}

	/** The locale to write to a team member in. */
	public Locale localeOfAccount(ShopId shop, UUID accountId) {
		return ofAccount(shop, accountId).locale();
	}

	/** What the account chose itself, if anything. */
	public java.util.Optional<Language> chosenBy(ShopId shop, UUID accountId) {
		return this.jdbc.sql("select language from account where shop_id = ? and id = ?")
			.params(shop.value(), accountId)
			.query((rs, n) -> java.util.Optional.ofNullable(rs.getString("language")))
			.optional()
			.flatMap((code) -> code.flatMap(Language::of));
	}

	/** The signed-in person chooses their own language. */
	public void choose(ShopUser user, Language language) {
		this.jdbc.sql("update account set language = ? where shop_id = ? and id = ?")
			.params(language.code(), user.shopId().value(), user.accountId())
			.update();
	}

	/** The owner sets the shop's default language. */
	public void chooseForShop(ShopUser owner, Language language) {
		if (owner.role() != app.extramile.shared.Role.OWNER) {
			throw new AccessDeniedException("only the owner sets the shop's language");
		}
		this.jdbc.sql("update shop set language = ? where id = ?")
			.params(language.code(), owner.shopId().value())
			.update();
	}

}
