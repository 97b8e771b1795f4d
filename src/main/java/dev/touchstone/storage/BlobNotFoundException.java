package dev.touchstone.storage;

/** There is no blob under the given key. */
public class BlobNotFoundException extends BlobStoreException {

    private final String key;

    public BlobNotFoundException(String key) {
        super("No blob with key '" + key + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
