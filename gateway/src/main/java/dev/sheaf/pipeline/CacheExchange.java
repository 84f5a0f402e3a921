package dev.sheaf.pipeline;

/**
 * What the cache layer and the layers around it tell each other about one call: the validators the
 * transport sends with it, the caching headers of the answer, and how long the answer stays fresh.
 * Made per call by whoever wants to know (the cache layer, an entity batch); written by one call's
 * completion at a time and read after it, on the call's event loop.
 */
public final class CacheExchange {

  /** Where the answer came from, for the request's record of its calls. */
  public enum Source { BACKEND, CACHE, REVALIDATED, COALESCED, STALE }

  /** The caller stores the objects of the answer one by one (an entity batch): the layer stores no whole answer. */
  private final boolean perKey;
  private String ifNoneMatch;
  private String ifModifiedSince;
  private String cacheControl;
  private String etag;
  private String lastModified;
  private String age;
  private boolean notModified;
  private long bytes;
  private long freshForMillis = -1;
  private Object lifetime;
  private Source source = Source.BACKEND;

  public CacheExchange(boolean perKey) {
    this.perKey = perKey;
  }

  public boolean perKey() {
    return perKey;
  }

  /** Validators of the stored answer: the transport asks whether it is still current. */
  public void revalidate(String entityTag, String modified) {
    this.ifNoneMatch = entityTag;
    this.ifModifiedSince = modified;
  }

  public String ifNoneMatch() {
    return ifNoneMatch;
  }

  public String ifModifiedSince() {
    return ifModifiedSince;
  }

  /** The transport's record of the answer's caching headers (any may be null) and its size on the wire. */
  public void answered(String cacheControlHeader, String etagHeader, String lastModifiedHeader, String ageHeader,
                       long bodyBytes) {
    this.cacheControl = cacheControlHeader;
    this.etag = etagHeader;
    this.lastModified = lastModifiedHeader;
    this.age = ageHeader;
    this.bytes = bodyBytes;
  }

  /** The backend said 304: the stored answer is current; the transport's value is null. */
  public void notModified() {
    this.notModified = true;
  }

  public boolean wasNotModified() {
    return notModified;
  }

  public String cacheControl() {
    return cacheControl;
  }

  public String etag() {
    return etag;
  }

  public String lastModified() {
    return lastModified;
  }

  public String age() {
    return age;
  }

  public long bytes() {
    return bytes;
  }

  /**
   * How the answer may be kept, as the cache layer decided: {@code lifetime} is its own record of
   * freshness (opaque here), null when the answer may not be stored.
   */
  public void decided(Source from, Object answerLifetime, long freshMillis) {
    this.source = from;
    this.lifetime = answerLifetime;
    this.freshForMillis = freshMillis;
  }

  public Source source() {
    return source;
  }

  public Object lifetime() {
    return lifetime;
  }

  /** How much longer the answer is fresh; 0 when it may not be reused, -1 when no cache layer decided. */
  public long freshForMillis() {
    return freshForMillis;
  }
}
