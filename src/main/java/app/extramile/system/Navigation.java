package app.extramile.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;

/**
 * The main navigation: a handful of top-level entries, the rest one level down in groups
 * named for what the shop does, only what the signed-in person may open, and the page
 * they are on marked (the link whose path is the longest prefix of the request's).
 */
record Navigation(List<Entry> entries) {

	static Navigation forUser(ShopUser user, String path) {
		boolean care = user.mayReadCareProfile();
		boolean owner = user.role() == Role.OWNER;
		List<Entry> entries = new ArrayList<>();
		entries.add(Entry.link("nav.today", "/today"));
		if (care) {
			entries.add(Entry.link("nav.counter", "/counter"));
			entries.add(Entry.group("care", "nav.group.care",
					Stream
						.of(Link.of("nav.missing", "/missing"), Link.of("nav.checks", "/checks"),
								Link.of("nav.alarms", "/alarms"), Link.of("nav.customers", "/customers"))
						.toList()));
		}
		entries.add(Entry.group("helping", "nav.group.helping", List.of(Link.of("nav.tasks", "/tasks"),
				Link.of("nav.errands", "/errands"), Link.of("nav.callouts", "/callouts"))));
		entries.add(Entry.group("team", "nav.group.team",
				List.of(Link.of("nav.team", "/team"), Link.of("nav.thanks", "/team/thanks"))));
		if (care) {
			List<Link> shop = new ArrayList<>(
					List.of(Link.of("nav.ledger", "/ledger"), Link.of("nav.community", "/community"),
							Link.of("nav.impact", "/impact"), Link.of("nav.import", "/visits/import")));
			if (owner) {
				shop.add(Link.of("nav.settings", "/settings"));
			}
			entries.add(Entry.group("shop", "nav.group.shop", shop));
		}
		return new Navigation(entries).marking(path);
	}

	/**
	 * The same navigation with the link for {@code path} (and its group) marked current.
	 */
	private Navigation marking(String path) {
		Optional<String> current = this.entries.stream()
			.flatMap(Entry::links)
			.map(Link::path)
			.filter((candidate) -> path != null && (path.equals(candidate) || path.startsWith(candidate + "/")))
			.max(Comparator.comparingInt(String::length));
		if (current.isEmpty()) {
			return this;
		}
		return new Navigation(this.entries.stream().map((entry) -> entry.marking(current.get())).toList());
	}

	/** One link: its message key, its path, and whether it is the page being shown. */
	public record Link(String key, String path, boolean current) {

		static Link of(String key, String path) {
			return new Link(key, path, false);
		}

	}

	/**
	 * A top-level entry: either a single link, or a named group of links shown one level
	 * down.
	 */
	public record Entry(String id, String key, Link link, List<Link> items) {

		static Entry link(String key, String path) {
			return new Entry(null, key, Link.of(key, path), List.of());
		}

		static Entry group(String id, String key, List<Link> items) {
			return new Entry(id, key, null, items);
		}

		public boolean isGroup() {
			return this.link == null;
		}

		/** Whether the page being shown is this link or one of this group's. */
		public boolean current() {
			return links().anyMatch(Link::current);
		}

		Stream<Link> links() {
			return isGroup() ? this.items.stream() : Stream.of(this.link);
		}

		private Entry marking(String currentPath) {
			if (isGroup()) {
				return new Entry(this.id, this.key, null,
						this.items.stream().map((item) -> mark(item, currentPath)).toList());
			}
			return new Entry(this.id, this.key, mark(this.link, currentPath), this.items);
		}

		private static Link mark(Link link, String currentPath) {
			return new Link(link.key(), link.path(), link.path().equals(currentPath));
		}

	}

}
