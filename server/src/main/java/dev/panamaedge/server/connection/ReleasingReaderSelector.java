package dev.panamaedge.server.connection;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One of Helidon's own connection selectors, with its connections reading the client's bytes through a
 * {@link ReleasingDataReader} (optionally rewritten on the way): a keep-alive client that pauses and then
 * sends again must not pin in the heap everything it sends after the pause.
 *
 * <p>Registered as a listener connection selector, it comes before the ones Helidon adds for its protocol
 * configurations, so it takes every connection its protocol identifies; Helidon's own selector for that
 * protocol is never reached. Each connection reports its end ({@link ConnectionEnd}) through its context.
 */
public final class ReleasingReaderSelector implements ServerConnectionSelector {

    private final ServerConnectionSelector helidon;
    private final BiFunction<Supplier<byte[]>, IntConsumer, Supplier<byte[]>> rewrite;
    private final boolean headerDeadline;
    private final OpenHttp2Connections http2;

    private ReleasingReaderSelector(ServerConnectionSelector helidon,
                                    BiFunction<Supplier<byte[]>, IntConsumer, Supplier<byte[]>> rewrite,
                                    boolean headerDeadline, OpenHttp2Connections http2) {
        this.helidon = helidon;
        this.rewrite = rewrite;
        this.headerDeadline = headerDeadline;
        this.http2 = http2;
    }

    /**
     * @param provider     Helidon's provider of the selector for {@code config}'s protocol
     * @param listenerName the listener this selector serves (Helidon's default is {@code "@default"})
     * @param config       the protocol's settings Helidon would use
     * @param others       the listener's other protocol configurations (sub-protocols such as gRPC, upgrades)
     * @param rewrite      per connection, called once: the bytes the connection sees, from the socket's reads and
     *                       how to credit the connection's flow-control window for DATA dropped on the way
     * @param http2        where its connections are listed (the protocol is HTTP/2)
     * @return a selector to add to the listener's connection selectors
     */
    public static <T extends ProtocolConfig> ReleasingReaderSelector create(
            ServerConnectionSelectorProvider<T> provider, String listenerName, T config, List<ProtocolConfig> others,
            BiFunction<Supplier<byte[]>, IntConsumer, Supplier<byte[]>> rewrite, OpenHttp2Connections http2) {
        Objects.requireNonNull(config, "config");
        List<ProtocolConfig> all = new ArrayList<>(others);
        all.add(config);
        return new ReleasingReaderSelector(provider.create(listenerName, config, ProtocolConfigs.create(all)),
                Objects.requireNonNull(rewrite, "rewrite"), false, Objects.requireNonNull(http2, "http2"));
    }

    /**
     * Helidon's HTTP/1.1 selector {@code helidon}, whose connections read the socket unchanged and also close when
     * their request headers are still coming past the idle timeout ({@link RequestHeaderDeadline}).
     */
    public static ReleasingReaderSelector http1(ServerConnectionSelector helidon) {
        return new ReleasingReaderSelector(Objects.requireNonNull(helidon, "helidon"), (reads, credit) -> reads,
                true, null);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return helidon.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return helidon.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return helidon.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        RequestHeaderDeadline deadline = headerDeadline ? RequestHeaderDeadline.watch(ctx.socketId(),
                ctx.childSocketId()) : null;
        ReleasingReaderContext context = new ReleasingReaderContext(ctx,
                credit -> rewrite.apply(SocketReads.of(ctx), credit),
                new ConnectionEnd(), deadline, http2);
        return new EndNotifyingConnection(helidon.connection(context), context.end(), deadline);
    }
}
