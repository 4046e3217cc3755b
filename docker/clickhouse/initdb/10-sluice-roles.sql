-- Roles for the Sluice pipeline sluice in database sluice. Run as a user with access management.
-- Writers: the sink and the compactor (clickhouse.user).
CREATE ROLE IF NOT EXISTS `sluice_write`;
GRANT CREATE DATABASE ON `sluice`.* TO `sluice_write`;
GRANT SELECT, CREATE VIEW, DROP VIEW ON `sluice`.`page_views_1m` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__speed` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__batch` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__final` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__reconcile` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__dirty` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`page_views_1m__closed` TO `sluice_write`;
GRANT SELECT, CREATE VIEW, DROP VIEW ON `sluice`.`revenue_5m` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__speed` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__batch` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__final` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__reconcile` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__dirty` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`revenue_5m__closed` TO `sluice_write`;
GRANT SELECT, CREATE VIEW, DROP VIEW ON `sluice`.`sessions` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__speed` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__batch` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__final` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__reconcile` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__dirty` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`sessions__closed` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`events__raw` TO `sluice_write`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON `sluice`.`events__raw_progress` TO `sluice_write`;

-- Readers: the dashboard, sluice query and Grafana (clickhouse.reader). readonly = 2 refuses writes but lets clients set query settings.
CREATE ROLE IF NOT EXISTS `sluice_read` SETTINGS readonly = 2;
GRANT SELECT ON `sluice`.`page_views_1m` TO `sluice_read`;
GRANT SELECT ON `sluice`.`page_views_1m__speed` TO `sluice_read`;
GRANT SELECT ON `sluice`.`page_views_1m__batch` TO `sluice_read`;
GRANT SELECT ON `sluice`.`page_views_1m__final` TO `sluice_read`;
GRANT SELECT ON `sluice`.`page_views_1m__reconcile` TO `sluice_read`;
GRANT SELECT ON `sluice`.`revenue_5m` TO `sluice_read`;
GRANT SELECT ON `sluice`.`revenue_5m__speed` TO `sluice_read`;
GRANT SELECT ON `sluice`.`revenue_5m__batch` TO `sluice_read`;
GRANT SELECT ON `sluice`.`revenue_5m__final` TO `sluice_read`;
GRANT SELECT ON `sluice`.`revenue_5m__reconcile` TO `sluice_read`;
GRANT SELECT ON `sluice`.`sessions` TO `sluice_read`;
GRANT SELECT ON `sluice`.`sessions__speed` TO `sluice_read`;
GRANT SELECT ON `sluice`.`sessions__batch` TO `sluice_read`;
GRANT SELECT ON `sluice`.`sessions__final` TO `sluice_read`;
GRANT SELECT ON `sluice`.`sessions__reconcile` TO `sluice_read`;

-- Users, if they do not exist yet: set the passwords, then give them to clickhouse.passwordFile and clickhouse.reader.passwordFile.
-- CREATE USER IF NOT EXISTS `sluice_writer` IDENTIFIED WITH sha256_password BY 'CHANGE-ME';
-- GRANT `sluice_write` TO `sluice_writer`;
-- CREATE USER IF NOT EXISTS `sluice_reader` IDENTIFIED WITH sha256_password BY 'CHANGE-ME';
-- GRANT `sluice_read` TO `sluice_reader`;
