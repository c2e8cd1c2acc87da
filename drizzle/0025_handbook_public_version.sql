-- Left empty: two generated migrations raced while this one was being written; the handbook's
-- public-version triggers it was meant for are in 0027_handbook_page_version.sql.
SELECT 1;
