CREATE TABLE `call_recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_name` text NOT NULL,
	`call_id` integer NOT NULL,
	`case_id` integer,
	`agent_user_id` integer,
	`file` text,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_recordings_recording_name_unique` ON `call_recordings` (`recording_name`);--> statement-breakpoint
CREATE INDEX `call_recordings_call_idx` ON `call_recordings` (`call_id`);--> statement-breakpoint
CREATE INDEX `call_recordings_recorded_idx` ON `call_recordings` (`recorded_at`);--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `queue` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `source` text DEFAULT 'ivr' NOT NULL;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `anchor_at` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `next_attempt_at` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `placeholder_uniqueid` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `last_dial_status` text;--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `agent_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `case_id` integer REFERENCES cases(id);--> statement-breakpoint
ALTER TABLE `callback_requests` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `callback_requests_number_idx` ON `callback_requests` (`number`,`status`);--> statement-breakpoint
CREATE INDEX `callback_requests_due_idx` ON `callback_requests` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `calls` ADD `direction` text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `no_case_needed` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Requests booked before call-backs were served: placed in line from when they were asked for, in their language's queue.
UPDATE `callback_requests` SET `anchor_at` = `requested_at`, `next_attempt_at` = `requested_at`, `queue` = 'hotline-' || `lang` WHERE `anchor_at` IS NULL;--> statement-breakpoint
UPDATE `callback_requests` SET `status` = 'connected' WHERE `status` = 'done';
