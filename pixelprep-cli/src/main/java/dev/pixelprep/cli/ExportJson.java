package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.GeometryExport;
import dev.pixelprep.formats.Target;

/** The JSON form of a spec written in other conventions, shared by {@code spec explain --json} and {@code convert --json}. */
final class ExportJson {
    private ExportJson() {
    }

    /** One convention's rendering as a new object of {@code into}: id, expressible, exact, worst_error, text, notes. */
    static ObjectNode target(ArrayNode into, Target t) {
        ObjectNode o = into.addObject();
        o.put("id", t.id());
        o.put("expressible", t.expressible());
        o.put("exact", t.exact());
        ArrayNode we = o.putArray("worst_error");
        for (double v : t.worstError()) {
            we.add(v);
        }
        o.put("text", t.text());
        ArrayNode notes = o.putArray("notes");
        t.notes().forEach(notes::add);
        return o;
    }

    /** The geometry in each convention's words, as {@code root.geometry}, when the spec has one. */
    static void geometry(ObjectNode root, Geometry g) {
        if (g == null) {
            return;
        }
        ArrayNode geo = root.putArray("geometry");
        for (GeometryExport.Line l : GeometryExport.all(g)) {
            ObjectNode o = geo.addObject();
            o.put("id", l.convention());
            o.put("exact", l.exact());
            o.put("text", l.text());
            if (l.note() != null) {
                o.put("note", l.note());
            }
        }
    }
}
