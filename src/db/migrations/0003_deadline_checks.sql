ALTER TABLE `cases` ADD `next_check_at` text;--> statement-breakpoint
CREATE INDEX `cases_next_check_idx` ON `cases` (`next_check_at`);--> statement-breakpoint
CREATE INDEX `cases_due_idx` ON `cases` (`due_at`);--> statement-breakpoint
CREATE INDEX `cases_stage_due_idx` ON `cases` (`stage_due_at`);--> statement-breakpoint
-- Open cases with a deadline are looked at by the first escalation pass after the upgrade, which sets their next check.
UPDATE `cases` SET `next_check_at` = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE `stage` IS NOT NULL AND `status` NOT IN ('closed', 'not-accepted', 'merged');
