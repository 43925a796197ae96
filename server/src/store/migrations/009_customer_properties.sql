-- Which CRM properties hold a customer's potential and satisfaction, as the admin picked them;
-- null: the app's own defaults.
ALTER TABLE crm_installations ADD COLUMN customer_properties jsonb;
