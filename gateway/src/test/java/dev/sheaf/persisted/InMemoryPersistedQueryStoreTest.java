package dev.sheaf.persisted;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryPersistedQueryStoreTest {

  @Test
  void keepsTheMostRecentlyUsedEntries() {
    PersistedQueryStore store = PersistedQueryStore.inMemory(2);
    store.put("a", "{ a }");
    store.put("b", "{ b }");
    store.get("a");           // a is now more recent than b
    store.put("c", "{ c }");  // so b goes

    assertThat(store.get("a").result()).isEqualTo("{ a }");
    assertThat(store.get("b").result()).isNull();
    assertThat(store.get("c").result()).isEqualTo("{ c }");
  }
}
