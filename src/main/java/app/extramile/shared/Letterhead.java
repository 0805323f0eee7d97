package app.extramile.shared;

/**
 * The shop as printed at the top of the papers a customer keeps: its name, address and
 * phone (blank when the owner has not given them).
 */
public record Letterhead(String name, String address, String phone) {

	/**
	 * Where any module finds a shop's letterhead without depending on the module that
	 * keeps shops.
	 */
	public interface Source {

		Letterhead letterhead(ShopId shop);

	}

}
