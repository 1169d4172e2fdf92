CREATE TABLE `call_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`user_id` integer NOT NULL,
	`action` text NOT NULL,
	`target_kind` text,
	`target` text,
	`citizen_uniqueid` text,
	`call_id` integer,
	`dial_out_id` integer,
	`case_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dial_out_id`) REFERENCES `dial_outs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_transfers_call_idx` ON `call_transfers` (`call_id`);--> statement-breakpoint
CREATE INDEX `call_transfers_dial_out_idx` ON `call_transfers` (`dial_out_id`);--> statement-breakpoint
CREATE INDEX `call_transfers_case_idx` ON `call_transfers` (`case_id`);--> statement-breakpoint
CREATE TABLE `dial_outs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`extension` text NOT NULL,
	`number` text NOT NULL,
	`case_id` integer,
	`operator_uniqueid` text NOT NULL,
	`requested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`answered_at` text,
	`ended_at` text,
	`outcome` text DEFAULT 'ringing-operator' NOT NULL,
	`dial_status` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dial_outs_operator_uniqueid_unique` ON `dial_outs` (`operator_uniqueid`);--> statement-breakpoint
CREATE INDEX `dial_outs_case_idx` ON `dial_outs` (`case_id`);--> statement-breakpoint
CREATE INDEX `dial_outs_user_idx` ON `dial_outs` (`user_id`,`requested_at`);