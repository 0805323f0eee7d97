-- How a team member is reached by the notifications module: an email address and a mobile number, both optional.
ALTER TABLE account ADD COLUMN email VARCHAR(200);
ALTER TABLE account ADD COLUMN phone VARCHAR(30);
