-- Every account is a team member: on the rota, offered errands, thanked and counted, the owner too. From now on a
-- login joins the team in the transaction that creates it; this brings in the logins of an existing installation
-- that no member (present or removed) is linked to. Such a login is linked to the active member of the same name
-- without a login, when exactly one has that name (added by hand before the person had a login); otherwise it gets
-- a member of its own (with the account's id, name, email and phone), after the members there are, owners first.

UPDATE team_member m SET account_id = (
    SELECT a.id FROM account a
    WHERE a.shop_id = m.shop_id AND a.enabled
      AND LOWER(TRIM(a.display_name)) = LOWER(TRIM(m.name))
      AND NOT EXISTS (SELECT 1 FROM team_member l WHERE l.account_id = a.id)
    ORDER BY a.created_at, a.id
    FETCH FIRST 1 ROWS ONLY)
WHERE m.active AND m.account_id IS NULL
  AND EXISTS (
    SELECT 1 FROM account a
    WHERE a.shop_id = m.shop_id AND a.enabled
      AND LOWER(TRIM(a.display_name)) = LOWER(TRIM(m.name))
      AND NOT EXISTS (SELECT 1 FROM team_member l WHERE l.account_id = a.id))
  AND 1 = (
    SELECT COUNT(*) FROM team_member d
    WHERE d.shop_id = m.shop_id AND d.active AND d.account_id IS NULL
      AND LOWER(TRIM(d.name)) = LOWER(TRIM(m.name)));

INSERT INTO team_member (id, shop_id, name, mobile, email, account_id, position, active, created_at)
SELECT a.id, a.shop_id, a.display_name, a.phone, a.email, a.id,
       (SELECT COALESCE(MAX(t.position), 0) FROM team_member t WHERE t.shop_id = a.shop_id)
         + ROW_NUMBER() OVER (PARTITION BY a.shop_id
                              ORDER BY CASE a.role WHEN 'OWNER' THEN 0 WHEN 'STAFF' THEN 1 ELSE 2 END,
                                       a.created_at, a.id),
       TRUE, a.created_at
FROM account a
WHERE a.enabled AND NOT EXISTS (SELECT 1 FROM team_member l WHERE l.account_id = a.id);
