package dev.panamaedge.tools.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the local process listening on a TCP port, as {@code ss -ltnp} would: the listening socket's inode from
 * {@code /proc/net/tcp} and {@code tcp6}, then the process holding a file descriptor on {@code socket:[inode]}.
 * Only this user's processes can be searched; anything unreadable just finds nothing.
 */
final class ServerProcess {
    private static final String LISTEN = "0A";

    private ServerProcess() {
    }

    static Optional<Integer> listeningOn(int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        String link = "socket:[" + inode.get() + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                if (holds(p.resolve("fd"), link)) {
                    return Optional.of(Integer.parseInt(p.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.strip().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals(LISTEN) && !f[9].equals("0")) {
                        return Optional.of(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (IPv6 off) or not readable: try the next
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path fds, String link) {
        try (DirectoryStream<Path> list = Files.newDirectoryStream(fds)) {
            for (Path fd : list) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process
        }
        return false;
    }
}
