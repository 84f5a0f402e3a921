package dev.sheaf.mock.inventory;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory contract, {@code schema/protos/inventory/v1/inventory.proto}, read at run time from
 * the descriptor set the build puts on the classpath: like the gateway, the mock has no generated
 * code, so it speaks protobuf through {@link DynamicMessage}s. Immutable once loaded.
 */
public final class InventoryProto {

  /** Where the build writes every proto under schema/protos, imports included. */
  public static final String DESCRIPTOR_SET = "sheaf/protos.pb";
  public static final String PACKAGE = "inventory.v1";
  public static final String SERVICE_NAME = "InventoryService";
  /** The service's full name, as in gRPC paths and reflection. */
  public static final String SERVICE = PACKAGE + "." + SERVICE_NAME;
  public static final String GET_STOCK = "GetStock";

  private final ServiceDescriptor service;
  private final MethodDescriptor getStock;
  private final FieldDescriptor requestIds;
  private final FieldDescriptor replyItems;
  private final Descriptor stockType;
  private final FieldDescriptor stockProductId;
  private final FieldDescriptor stockAvailable;
  private final FieldDescriptor stockWarehouse;

  private InventoryProto(ServiceDescriptor service) {
    this.service = service;
    this.getStock = require(service.findMethodByName(GET_STOCK), "method " + SERVICE + "/" + GET_STOCK);
    this.requestIds = field(getStock.getInputType(), "product_ids");
    this.replyItems = field(getStock.getOutputType(), "items");
    this.stockType = replyItems.getMessageType();
    this.stockProductId = field(stockType, "product_id");
    this.stockAvailable = field(stockType, "available");
    this.stockWarehouse = field(stockType, "warehouse");
  }

  /**
   * Reads and links the descriptors. Blocking (a classpath read): call it off the event loop.
   *
   * @throws IllegalStateException if the resource or the service is missing or does not link
   */
  public static InventoryProto load() {
    FileDescriptorSet set = readSet();
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    set.getFileList().forEach(file -> byName.put(file.getName(), file));
    // Only the inventory's file and its imports are linked: the set holds other teams' protos too.
    FileDescriptorProto inventoryFile = set.getFileList().stream()
        .filter(file -> file.getPackage().equals(PACKAGE)
            && file.getServiceList().stream().anyMatch(service -> service.getName().equals(SERVICE_NAME)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(DESCRIPTOR_SET + " declares no service " + SERVICE));
    return new InventoryProto(build(inventoryFile.getName(), byName, new HashMap<>()).findServiceByName(SERVICE_NAME));
  }

  public ServiceDescriptor service() {
    return service;
  }

  public MethodDescriptor getStock() {
    return getStock;
  }

  /** The {@code product_ids} of a {@code StockRequest}. */
  public List<String> productIds(DynamicMessage request) {
    @SuppressWarnings("unchecked")  // a repeated string field reads as a List<String>
    List<String> ids = (List<String>) request.getField(requestIds);
    return List.copyOf(ids);
  }

  /** A {@code StockReply} with these items, in this order. */
  public DynamicMessage reply(List<InventoryData.Stock> items) {
    DynamicMessage.Builder reply = DynamicMessage.newBuilder(getStock.getOutputType());
    for (InventoryData.Stock item : items) {
      reply.addRepeatedField(replyItems, DynamicMessage.newBuilder(stockType)
          .setField(stockProductId, item.productId())
          .setField(stockAvailable, item.available())
          .setField(stockWarehouse, item.warehouse())
          .build());
    }
    return reply.build();
  }

  private static FileDescriptorSet readSet() {
    try (InputStream in = InventoryProto.class.getClassLoader().getResourceAsStream(DESCRIPTOR_SET)) {
      if (in == null) {
        throw new IllegalStateException(DESCRIPTOR_SET + " is not on the classpath; the build compiles schema/protos into it");
      }
      return FileDescriptorSet.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DESCRIPTOR_SET, e);
    }
  }

  /** Links a file after its imports, each file once (imports may be shared). */
  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> byName,
                                      Map<String, FileDescriptor> built) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = require(byName.get(name), "file " + name + " (imports missing from " + DESCRIPTOR_SET + "?)");
    FileDescriptor[] dependencies = proto.getDependencyList().stream()
        .map(dependency -> build(dependency, byName, built))
        .toArray(FileDescriptor[]::new);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("cannot link " + name + ": " + e.getMessage(), e);
    }
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    return require(type.findFieldByName(name), "field " + type.getFullName() + "." + name);
  }

  private static <T> T require(T found, String what) {
    if (found == null) {
      throw new IllegalStateException(DESCRIPTOR_SET + " lacks " + what);
    }
    return found;
  }
}
