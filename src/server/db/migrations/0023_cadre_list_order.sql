ALTER TABLE "org_cadres" ADD COLUMN "unit_sort" integer;
--> statement-breakpoint
ALTER TABLE "org_cadres" ADD COLUMN "unit_name" text;
--> statement-breakpoint
ALTER TABLE "org_cadres" ADD COLUMN "place_rank" smallint DEFAULT 2 NOT NULL;
--> statement-breakpoint
UPDATE "org_cadres" c SET
  "unit_sort" = (SELECT u."sort" FROM "org_units" u WHERE u."id" = c."unit_id"),
  "unit_name" = (SELECT u."name" FROM "org_units" u WHERE u."id" = c."unit_id"),
  "place_rank" = CASE c."team_place" WHEN '正职' THEN 0 WHEN '副职' THEN 1 ELSE 2 END;
--> statement-breakpoint
CREATE INDEX "org_cadres_list_order_idx" ON "org_cadres" USING btree ("status","unit_sort","unit_name","place_rank","name","id");
--> statement-breakpoint
-- The cadre list's default order (unit 排序, unit name, 正职/副职/others, name) is kept on the
-- cadre row, on PGlite as on PostgreSQL, whatever writes the row: the service, an import, a
-- generator's raw INSERT, a restore.
CREATE FUNCTION org_cadres_list_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  u_sort integer;
  u_name text;
BEGIN
  NEW.place_rank := CASE NEW.team_place WHEN '正职' THEN 0 WHEN '副职' THEN 1 ELSE 2 END;
  IF NEW.unit_id IS NULL THEN
    NEW.unit_sort := NULL;
    NEW.unit_name := NULL;
  ELSE
    SELECT u.sort, u.name INTO u_sort, u_name FROM org_units u WHERE u.id = NEW.unit_id;
    -- A restore may load a cadre before the unit (foreign keys checked at its end): the copy in
    -- the row stands until the unit's own insert brings it up to date.
    IF FOUND THEN
      NEW.unit_sort := u_sort;
      NEW.unit_name := u_name;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_cadres_list_order BEFORE INSERT OR UPDATE OF unit_id, team_place, unit_sort, unit_name, place_rank
  ON org_cadres FOR EACH ROW EXECUTE FUNCTION org_cadres_list_order();
--> statement-breakpoint
-- A unit renamed or re-sorted (or loaded by a restore after its cadres) carries its cadres along.
CREATE FUNCTION org_units_cadre_list_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE org_cadres c SET unit_sort = n.sort, unit_name = n.name
    FROM changed_units n
   WHERE c.unit_id = n.id AND (c.unit_sort IS DISTINCT FROM n.sort OR c.unit_name IS DISTINCT FROM n.name);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER org_units_cadre_list_order_insert AFTER INSERT ON org_units
  REFERENCING NEW TABLE AS changed_units FOR EACH STATEMENT EXECUTE FUNCTION org_units_cadre_list_order();
--> statement-breakpoint
CREATE TRIGGER org_units_cadre_list_order_update AFTER UPDATE ON org_units
  REFERENCING NEW TABLE AS changed_units FOR EACH STATEMENT EXECUTE FUNCTION org_units_cadre_list_order();
