CREATE TABLE `callback_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer,
	`number` text NOT NULL,
	`lang` text NOT NULL,
	`intent` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `callback_requests_status_idx` ON `callback_requests` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `voicemails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_name` text NOT NULL,
	`case_id` integer NOT NULL,
	`call_id` integer,
	`caller` text,
	`lang` text NOT NULL,
	`file` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`transcript` text,
	`transcript_status` text DEFAULT 'pending' NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voicemails_recording_name_unique` ON `voicemails` (`recording_name`);--> statement-breakpoint
CREATE INDEX `voicemails_case_idx` ON `voicemails` (`case_id`);--> statement-breakpoint
ALTER TABLE `calls` ADD `intent` text;