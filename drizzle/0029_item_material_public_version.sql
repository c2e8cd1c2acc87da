-- The public item page, project page and handbook list an item's materials: raise the public
-- version (0017) when a material is added, changed or removed, so stored public pages are refreshed.
CREATE CONSTRAINT TRIGGER "item_material_public_version" AFTER INSERT OR UPDATE OR DELETE ON "item_material" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
