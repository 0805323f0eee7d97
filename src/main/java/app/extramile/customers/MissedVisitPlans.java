package app.extramile.customers;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' missed-visit plans: the contacts (neighbour, family, keyholder) in ringing
 * order, and whether the plan starts at amber rather than red. Contacts are for roles
 * that may read care data, and adding one needs the customer's consent to contact named
 * people. Scoped by shop.
 */
@Service
@Transactional
public class MissedVisitPlans {

	private final JdbcClient jdbc;

	private final CustomerDirectory directory;

	private final Consents consents;

	MissedVisitPlans(JdbcClient jdbc, CustomerDirectory directory, Consents consents) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.consents = consents;
	}

	@Transactional(readOnly = true)
	public List<Contact> contacts(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		return this.jdbc.sql("""
				select id, name, relationship, phone, has_key, ring_order from customer_contact
				where shop_id = ? and customer_id = ? order by ring_order, name""")
			.params(reader.shopId().value(), id.value())
			.query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
					Contact.Relationship.valueOf(rs.getString("relationship")), rs.getString("phone"),
					rs.getBoolean("has_key"), rs.getInt("ring_order")))
			.list();
	}

	public UUID addContact(ShopUser writer, CustomerId id, String name, Contact.Relationship relationship, String phone,
			boolean hasKey) {
		CustomerData.requireCareReader(writer);
		ShopId shop = writer.shopId();
		this.directory.get(shop, id);
		if (this.consents.current(shop, id).filter(Consent::contactNamedPeople).isEmpty()) {
			throw new ConsentMissingException("contactNamedPeople");
		}
		int next = this.jdbc
			.sql("select coalesce(max(ring_order), 0) + 1 from customer_contact where shop_id = ? and customer_id = ?")
			.params(shop.value(), id.value())
			.query(Integer.class)
			.single();
		UUID contactId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into customer_contact (id, shop_id, customer_id, name, relationship, phone, has_key, ring_order)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(contactId, shop.value(), id.value(), name.trim(), relationship.name(), phone.trim(), hasKey, next)
			.update();
		return contactId;
	}

	public void removeContact(ShopUser writer, CustomerId id, UUID contactId) {
		CustomerData.requireCareReader(writer);
		this.jdbc.sql("delete from customer_contact where shop_id = ? and customer_id = ? and id = ?")
			.params(writer.shopId().value(), id.value(), contactId)
			.update();
	}

	/** Moves a contact one place earlier in the ringing order. */
	public void ringEarlier(ShopUser writer, CustomerId id, UUID contactId) {
		List<Contact> contacts = contacts(writer, id);
		for (int i = 1; i < contacts.size(); i++) {
			if (contacts.get(i).id().equals(contactId)) {
				Contact before = contacts.get(i - 1);
				setRingOrder(writer.shopId(), contactId, i);
				setRingOrder(writer.shopId(), before.id(), i + 1);
				for (int j = 0; j < contacts.size(); j++) {
					if (j != i && j != i - 1) {
						setRingOrder(writer.shopId(), contacts.get(j).id(), j + 1);
					}
				}
				return;
			}
		}
	}

	private void setRingOrder(ShopId shop, UUID contactId, int order) {
		this.jdbc.sql("update customer_contact set ring_order = ? where shop_id = ? and id = ?")
			.params(order, shop.value(), contactId)
			.update();
	}

	/** Whether this customer's missed-visit plan starts at amber rather than red. */
	@Transactional(readOnly = true)
	public boolean actsAtAmber(ShopId shop, CustomerId id) {
		return this.jdbc.sql("select act_at_amber from customer where shop_id = ? and id = ?")
			.params(shop.value(), id.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** The shop's customers whose plan starts at amber. */
	@Transactional(readOnly = true)
	public Set<CustomerId> actingAtAmber(ShopId shop) {
		return this.jdbc.sql("select id from customer where shop_id = ? and act_at_amber")
			.param(shop.value())
			.query((rs, n) -> new CustomerId(rs.getObject("id", UUID.class)))
			.set();
	}

	public void actAtAmber(ShopUser writer, CustomerId id, boolean atAmber) {
		CustomerData.requireCareReader(writer);
		int rows = this.jdbc.sql("update customer set act_at_amber = ? where shop_id = ? and id = ?")
			.params(atAmber, writer.shopId().value(), id.value())
			.update();
		if (rows == 0) {
			throw new NotFoundException("customer");
		}
	}

	/**
	 * The missed-visit plan's contacts in ringing order, for the system to build a
	 * welfare check (no signed-in person: a check may start from a sweep). Empty without
	 * consent to contact named people.
	 */
	@Transactional(readOnly = true)
	public List<Contact> planContacts(ShopId shop, CustomerId id) {
		if (this.consents.current(shop, id).filter(Consent::contactNamedPeople).isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				select id, name, relationship, phone, has_key, ring_order from customer_contact
				where shop_id = ? and customer_id = ? order by ring_order, name""")
			.params(shop.value(), id.value())
			.query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
					Contact.Relationship.valueOf(rs.getString("relationship")), rs.getString("phone"),
					rs.getBoolean("has_key"), rs.getInt("ring_order")))
			.list();
	}

}
