-- bts-collect.sql: the SQL queries that bts-collect.ps1 sends, for a DBA to run separately.
--
-- Every statement is a SELECT: nothing is written, created, changed or executed. The statements are the
-- same text, in the same order, as the $SqlQueries table in bts-collect.ps1 (a test checks it).
--
-- When to use it: bts-collect.ps1 was run with -SkipSql, or the account that ran it could not log in to
-- SQL Server (the inventory file then has "sql": null and/or "bam": null and an "errors" entry that says
-- why). Run the queries below in SQL Server Management Studio (select one statement, press F5) or with
-- sqlcmd, for example:
--     sqlcmd -S SQL01\BIZTALK -E -d master -Q "<paste one statement>"
-- Each statement says where it runs. Rights: see each statement; a login that can connect is enough for
-- the first two.
--
-- How to hand the results back: open the inventory file (plain JSON, UTF-8) in a text editor and replace
-- the null sections with what the queries returned, then delete the matching "errors" entries:
--
--   "sql": [
--     {"server": "SQL01\\BIZTALK",                  <- the instance you connected to (a \ is written \\)
--      "databases": ["BizTalkMgmtDb", "BizTalkMsgBoxDb"],   <- the BizTalk databases it holds (query 2)
--      "product_version": "13.0.5026.0",            <- query 1, column product_version
--      "product_level": "SP2",                      <- query 1, column product_level
--      "edition": "Enterprise Edition (64-bit)"}    <- query 1, column edition
--   ],                                              one {...} per instance, separated by commas
--
--   "bam": {"rta_views": 2,                         <- query 3, column rta_views
--           "alert_jobs": 0}                        <- query 5, column alert_jobs; write null instead when
--                                                      it is 0 and both is_sysadmin and is_agent_reader are 0
--                                                      (the login could not see every job)
--
-- Run queries 1 and 2 on EVERY instance that holds a BizTalk database (management, MessageBox, tracking,
-- BAM, rule engine, SSO). Run 3, 4 and 5 only on the instance that holds the BAM primary import database.

-- query: server_properties
-- 1. Version, service pack, update and edition of the instance.
--    Runs in: any database (master). Rights: any login that can connect.
--    Returns one row: machine_name, server_name, product_version (e.g. 13.0.5026.0), product_level
--    (RTM or SPn), product_update_level (CUn or NULL), edition (e.g. Enterprise Edition (64-bit)),
--    engine_edition (2 Standard, 3 Enterprise/Developer/Evaluation, 4 Express), is_clustered (1 on a
--    failover cluster instance), is_hadr_enabled (1 when Always On availability groups are enabled).
SELECT
    CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS machine_name,
    CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server_name,
    CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
    CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS product_level,
    CAST(SERVERPROPERTY('ProductUpdateLevel') AS nvarchar(128)) AS product_update_level,
    CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
    CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
    CAST(SERVERPROPERTY('IsClustered') AS int) AS is_clustered,
    CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS is_hadr_enabled;

-- query: biztalk_databases
-- 2. Which of BizTalk's default database names exist on the instance (databases created under other
--    names are not listed: add those by hand).
--    Runs in: any database (master). Rights: any login (VIEW ANY DATABASE is granted to everyone by default).
--    Returns one row per database: name.
SELECT name
FROM sys.databases
WHERE name IN (N'BizTalkMgmtDb', N'BizTalkMsgBoxDb', N'BizTalkDTADb', N'BizTalkRuleEngineDb', N'SSODB',
               N'BAMPrimaryImport', N'BAMStarSchema', N'BAMArchive', N'BAMAlertsApplication', N'BAMAlertsNSMain',
               N'BTAHL7', N'A4SWIFT')
ORDER BY name;

-- query: bam_rta_views
-- 3. BAM real-time aggregations: the rows of BAM's own list of them.
--    Runs in: the BAM primary import database (BAMPrimaryImport unless it was renamed); database_name
--    shows where it ran. Rights: read access there (BTS_ADMIN_USERS or db_datareader); a login without it
--    gets an error, not a count.
--    Returns one row: database_name, rta_views.
SELECT
    DB_NAME() AS database_name,
    COUNT(*) AS rta_views
FROM dbo.bam_Metadata_RealTimeAggregations;

-- query: bam_activities
-- 4. How many BAM activities are deployed (more than 0: BAM is in use, not only configured).
--    Runs in: the BAM primary import database. Rights: read access there.
--    Returns one row: activities. Goes into "bam": {"activities": ...} (optional).
SELECT COUNT(*) AS activities
FROM dbo.bam_Metadata_Activities;

-- query: bam_alert_jobs
-- 5. BAM alerts: SQL Server Agent jobs named bam_<view>_<activity view>_DelAlertHistJob exist per view
--    once alerts are configured.
--    Runs in: msdb, on the BAM primary import database's instance. Rights: sysadmin, or SQLAgentReaderRole
--    in msdb, to see every job; with less SQL Server shows only the jobs the login owns.
--    Returns one row: alert_jobs, is_sysadmin, is_agent_reader.
SELECT
    COUNT(*) AS alert_jobs,
    CAST(ISNULL(IS_SRVROLEMEMBER(N'sysadmin'), 0) AS int) AS is_sysadmin,
    CAST(ISNULL(IS_MEMBER(N'SQLAgentReaderRole'), 0) AS int) AS is_agent_reader
FROM dbo.sysjobs_view
WHERE name LIKE N'bam[_]%[_]DelAlertHistJob';
