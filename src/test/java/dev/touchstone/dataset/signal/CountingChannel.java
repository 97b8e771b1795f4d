package dev.touchstone.dataset.signal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over bytes in memory, or over another channel, that counts the bytes read through it. */
final class CountingChannel implements SeekableByteChannel {

    private final SeekableByteChannel delegate;
    private long position;
    long bytesRead;
    long reads;

    CountingChannel(byte[] bytes) {
        this(new dev.touchstone.InMemoryChannel(bytes));
    }

    CountingChannel(SeekableByteChannel delegate) {
        this.delegate = delegate;
    }

    void reset() {
        bytesRead = 0;
        reads = 0;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        reads++;
        int n;
        delegate.position(position);
        n = delegate.read(dst);
        if (n > 0) {
            position += n;
            bytesRead += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
