CREATE TABLE `transcription_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`voicemail_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`voicemail_id`) REFERENCES `voicemails`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcription_jobs_voicemail_id_unique` ON `transcription_jobs` (`voicemail_id`);--> statement-breakpoint
CREATE INDEX `transcription_jobs_due_idx` ON `transcription_jobs` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_engine` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_model` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_confidence` real;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_segments` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_ms` integer;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcribed_at` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_error` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_corrected` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `transcript_corrected_by` integer REFERENCES users(id);--> statement-breakpoint
-- Messages already kept get their job (pending); a transcript is searchable like a case's own text.
INSERT INTO `transcription_jobs` (`voicemail_id`, `next_attempt_at`) SELECT `id`, strftime('%Y-%m-%dT%H:%M:%fZ','now') FROM `voicemails` WHERE `transcript_status` = 'pending';--> statement-breakpoint
CREATE VIRTUAL TABLE `voicemails_fts` USING fts5(transcript, transcript_corrected, content='voicemails', content_rowid='id', tokenize='trigram');--> statement-breakpoint
CREATE TRIGGER `voicemails_fts_insert` AFTER INSERT ON `voicemails` BEGIN
  INSERT INTO voicemails_fts(rowid, transcript, transcript_corrected) VALUES (new.id, new.transcript, new.transcript_corrected);
END;--> statement-breakpoint
CREATE TRIGGER `voicemails_fts_delete` AFTER DELETE ON `voicemails` BEGIN
  INSERT INTO voicemails_fts(voicemails_fts, rowid, transcript, transcript_corrected) VALUES ('delete', old.id, old.transcript, old.transcript_corrected);
END;--> statement-breakpoint
CREATE TRIGGER `voicemails_fts_update` AFTER UPDATE OF transcript, transcript_corrected ON `voicemails` BEGIN
  INSERT INTO voicemails_fts(voicemails_fts, rowid, transcript, transcript_corrected) VALUES ('delete', old.id, old.transcript, old.transcript_corrected);
  INSERT INTO voicemails_fts(rowid, transcript, transcript_corrected) VALUES (new.id, new.transcript, new.transcript_corrected);
END;--> statement-breakpoint
INSERT INTO voicemails_fts(voicemails_fts) VALUES ('rebuild');
