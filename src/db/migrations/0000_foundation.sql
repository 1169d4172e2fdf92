CREATE TABLE `calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uniqueid` text NOT NULL,
	`linkedid` text NOT NULL,
	`caller` text NOT NULL,
	`lang` text,
	`queue` text,
	`path` text DEFAULT '' NOT NULL,
	`entered_at` text NOT NULL,
	`queued_at` text,
	`ring_at` text,
	`answered_at` text,
	`ended_at` text,
	`agent_user_id` integer,
	`outcome` text DEFAULT 'in-progress' NOT NULL,
	FOREIGN KEY (`agent_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calls_uniqueid_unique` ON `calls` (`uniqueid`);--> statement-breakpoint
CREATE INDEX `calls_caller_idx` ON `calls` (`caller`);--> statement-breakpoint
CREATE TABLE `case_sequences` (
	`day` text PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`caller_phone` text,
	`lang` text NOT NULL,
	`call_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_number_unique` ON `cases` (`number`);--> statement-breakpoint
CREATE INDEX `cases_caller_phone_idx` ON `cases` (`caller_phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_call_idx` ON `cases` (`call_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`extension` text,
	`languages` text DEFAULT 'zh' NOT NULL,
	`desired_agent_state` text DEFAULT 'offline' NOT NULL,
	`pause_reason` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_extension_unique` ON `users` (`extension`);