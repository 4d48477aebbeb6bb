package org.cellpaintr.knime.base;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.cellpaintr.engine.table.SettingsException;
import org.knime.core.util.FileUtil;

/**
 * A file setting as a local path. Besides plain paths it takes URLs, above all KNIME's workflow-relative
 * {@code knime://knime.workflow/data/...}, which the workflow templates use so that their bundled data travels with
 * the workflow; KNIME resolves those against the running workflow.
 */
public final class LocalFile {

    /** A URL scheme of two or more letters; one letter is a Windows drive ({@code C:\...}), i.e. a plain path. */
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private LocalFile() {
    }

    /** Whether the setting is written as a URL (then KNIME resolves it) rather than as a path. */
    public static boolean isUrl(String text) {
        return URL_SCHEME.matcher(text).matches();
    }

    /** The local path a setting names; the message names the setting when it does not name a local file. */
    public static Path resolve(String text, String key) throws SettingsException {
        try {
            if (!isUrl(text)) {
                return Path.of(text);
            }
            Path p = FileUtil.resolveToPath(new URL(text));
            if (p == null) {
                throw new SettingsException(key, "'" + text + "' does not name a local file");
            }
            return p;
        } catch (MalformedURLException | InvalidPathException | URISyntaxException e) {
            throw new SettingsException(key, "'" + text + "' is neither a path nor a URL (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new SettingsException(key, "'" + text + "' cannot be resolved (" + e.getMessage() + ")");
        }
    }
}
