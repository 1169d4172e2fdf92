CREATE TABLE `agent_state_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`agent_interface` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agent_state_changes_at_idx` ON `agent_state_changes` (`at`);--> statement-breakpoint
CREATE INDEX `agent_state_changes_user_idx` ON `agent_state_changes` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`target_user_id` integer,
	`details` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
ALTER TABLE `calls` ADD `left_queue_at` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `hold_seconds` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `talk_seconds` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `wrap_up_seconds` integer;--> statement-breakpoint
CREATE INDEX `calls_queued_idx` ON `calls` (`queued_at`);--> statement-breakpoint
CREATE INDEX `calls_agent_answered_idx` ON `calls` (`agent_user_id`,`answered_at`);--> statement-breakpoint
-- The audit log, like the case trail, is append-only.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
