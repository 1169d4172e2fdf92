-- Two-character Chinese words without a scan: every pair of adjacent Han characters of the searchable
-- text is a token of this contentless index (see src/db/bigrams.ts; hotline_bigrams is registered on
-- every connection the server opens). The trigram index (cases_fts) keeps serving 3+ characters.
CREATE VIRTUAL TABLE `cases_bigrams` USING fts5(subject, description, enterprise_name, product, product_category, place, content='', contentless_delete=1, tokenize='unicode61');--> statement-breakpoint
CREATE TRIGGER `cases_bigrams_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO cases_bigrams(rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES (new.id, hotline_bigrams(new.subject), hotline_bigrams(new.description), hotline_bigrams(new.enterprise_name), hotline_bigrams(new.product), hotline_bigrams(new.product_category), hotline_bigrams(new.place));
END;--> statement-breakpoint
CREATE TRIGGER `cases_bigrams_delete` AFTER DELETE ON `cases` BEGIN
  DELETE FROM cases_bigrams WHERE rowid = old.id;
END;--> statement-breakpoint
CREATE TRIGGER `cases_bigrams_update` AFTER UPDATE OF subject, description, enterprise_name, product, product_category, place ON `cases` BEGIN
  DELETE FROM cases_bigrams WHERE rowid = old.id;
  INSERT INTO cases_bigrams(rowid, subject, description, enterprise_name, product, product_category, place)
  VALUES (new.id, hotline_bigrams(new.subject), hotline_bigrams(new.description), hotline_bigrams(new.enterprise_name), hotline_bigrams(new.product), hotline_bigrams(new.product_category), hotline_bigrams(new.place));
END;--> statement-breakpoint
INSERT INTO cases_bigrams(rowid, subject, description, enterprise_name, product, product_category, place)
  SELECT id, hotline_bigrams(subject), hotline_bigrams(description), hotline_bigrams(enterprise_name), hotline_bigrams(product), hotline_bigrams(product_category), hotline_bigrams(place) FROM cases;
