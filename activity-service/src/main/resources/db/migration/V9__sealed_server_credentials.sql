-- Server profile passwords are stored sealed (AES-256-GCM under mailroom.credentials.key, see eventing's
-- CredentialSeal): a sealed 1,024-character password is longer than 1,024 characters. The API still limits what a
-- client writes to 1,024.
ALTER TABLE emailserverprofile ALTER COLUMN incomingpassword TYPE TEXT;
ALTER TABLE emailserverprofile ALTER COLUMN outgoingpassword TYPE TEXT;
