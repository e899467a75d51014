-- A string comparison in $filter is case-insensitive, as Dataverse's is: `lastname eq 'X'` reads
-- `lower("lastname") = lower(?)`. Without an index on that expression PostgreSQL has no statistics for it and guesses
-- that 0.5% of the rows match, so a keyset page (`ORDER BY contactid LIMIT n`) over a filter that matches most rows
-- was planned as a scan of the whole table and a sort, on every page: a SendBulkMail over 100,000 contacts read
-- each 500-recipient page in about 100 ms on an idle machine (0.4 s under load), and the job's paging grew with
-- the square of its size. With these indexes ANALYZE keeps statistics of the expression: a filter that matches most
-- rows walks the primary key and stops after the page (about 1 ms for 500 rows), and one that matches few uses the
-- index itself. They cover the name columns a recipient list is filtered by (emailaddress1 is indexed in V3).
CREATE INDEX contact_lastname ON contact (lower(lastname));
CREATE INDEX contact_fullname ON contact (lower(fullname));
CREATE INDEX account_name ON account (lower(name));
CREATE INDEX lead_lastname ON lead (lower(lastname));
CREATE INDEX lead_fullname ON lead (lower(fullname));
CREATE INDEX lead_companyname ON lead (lower(companyname));
