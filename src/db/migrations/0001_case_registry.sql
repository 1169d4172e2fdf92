CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`actor_user_id` integer,
	`reason` text,
	`details` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`parent_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_code_unique` ON `departments` (`code`);--> statement-breakpoint
CREATE INDEX `departments_parent_idx` ON `departments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `extension_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`extra_working_days` integer NOT NULL,
	`reason` text NOT NULL,
	`requested_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extension_requests_case_idx` ON `extension_requests` (`case_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `supervision_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`deadline` text,
	`note` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_deadline_idx` ON `supervision_records` (`case_id`,`kind`,`deadline`);--> statement-breakpoint
ALTER TABLE `cases` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `channel` text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `citizen_name` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `citizen_address` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `anonymous` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `confidential` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `description` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `product_category` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `product` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `enterprise_name` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `enterprise_address` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `place` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `goods_value_fen` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `losses_recovered_fen` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `urgency` text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `department_id` integer REFERENCES departments(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `transfer_source` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `transfer_reference` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `created_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `registered_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `handling_result` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `reply` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `satisfaction` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `merged_into` integer REFERENCES cases(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `due_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `stage` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `stage_started_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `stage_due_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `colour` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `registered_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `closed_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`);--> statement-breakpoint
CREATE INDEX `cases_department_idx` ON `cases` (`department_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_colour_idx` ON `cases` (`colour`);--> statement-breakpoint
CREATE INDEX `cases_enterprise_idx` ON `cases` (`enterprise_name`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `department_id` integer REFERENCES departments(id);--> statement-breakpoint
-- Hand-written below (not generated): the audit trail cannot be edited or deleted.
CREATE TRIGGER `case_events_no_update` BEFORE UPDATE ON `case_events` BEGIN SELECT RAISE(ABORT, 'the case audit trail is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `case_events_no_delete` BEFORE DELETE ON `case_events` BEGIN SELECT RAISE(ABORT, 'the case audit trail is append-only'); END;--> statement-breakpoint
-- Free-text search in Chinese and English: FTS5 with the trigram tokenizer finds any substring of 3+ characters.
CREATE VIRTUAL TABLE `cases_fts` USING fts5(subject, description, enterprise_name, product, product_category, place, content='cases', content_rowid='id', tokenize='trigram');--> statement-breakpoint
CREATE TRIGGER `cases_fts_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO cases_fts(rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES (new.id, new.subject, new.description, new.enterprise_name, new.product, new.product_category, new.place);
END;--> statement-breakpoint
CREATE TRIGGER `cases_fts_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES ('delete', old.id, old.subject, old.description, old.enterprise_name, old.product, old.product_category, old.place);
END;--> statement-breakpoint
CREATE TRIGGER `cases_fts_update` AFTER UPDATE OF subject, description, enterprise_name, product, product_category, place ON `cases` BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES ('delete', old.id, old.subject, old.description, old.enterprise_name, old.product, old.product_category, old.place);
  INSERT INTO cases_fts(rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES (new.id, new.subject, new.description, new.enterprise_name, new.product, new.product_category, new.place);
END;--> statement-breakpoint
INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');--> statement-breakpoint
-- The roots of the department tree (一线一网、集中受理、分工处理): the centre and the two bureaus sharing the line.
INSERT INTO `departments` (`code`, `name_zh`, `name_en`, `parent_id`) VALUES ('centre', '12365投诉举报中心', '12365 Complaints and Reports Centre', NULL);--> statement-breakpoint
INSERT INTO `departments` (`code`, `name_zh`, `name_en`, `parent_id`) SELECT 'quality-bureau', '质量技术监督局', 'Quality and Technical Supervision Bureau', id FROM departments WHERE code = 'centre';--> statement-breakpoint
INSERT INTO `departments` (`code`, `name_zh`, `name_en`, `parent_id`) SELECT 'ciq-bureau', '出入境检验检疫局', 'Entry-Exit Inspection and Quarantine Bureau', id FROM departments WHERE code = 'centre';
