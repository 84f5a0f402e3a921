package dev.sheaf.tls;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority made at test time, as a company's private CA is: a self-signed root
 * that issues server certificates (for 127.0.0.1 and localhost) and client certificates, written
 * out as the PEM files the gateway and the mock backends read.
 */
public final class TestAuthority {

  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path dir;

  private TestAuthority(String name, KeyPair keys, X509Certificate certificate, Path dir) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
    this.dir = dir;
  }

  /** A new root CA named {@code name}; its files go to {@code dir}. */
  public static TestAuthority create(String name, Path dir) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name + ",O=Sheaf tests");
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(365))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate root = sign(builder, keys.getPrivate());
      TestAuthority authority = new TestAuthority(name, keys, root, dir);
      authority.write(name + "-ca.pem", List.of(root));
      return authority;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CA's certificate as a PEM file. */
  public Path caFile() {
    return dir.resolve(name + "-ca.pem");
  }

  public PemTrustOptions trustOptions() {
    return new PemTrustOptions().addCertPath(caFile().toString());
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server(String cn) {
    return issue(cn, KeyPurposeId.id_kp_serverAuth, Duration.ofDays(90));
  }

  /** A client certificate, for mutual TLS. */
  public Issued client(String cn) {
    return client(cn, Duration.ofDays(90));
  }

  public Issued client(String cn, Duration validFor) {
    return issue(cn, KeyPurposeId.id_kp_clientAuth, validFor);
  }

  private Issued issue(String cn, KeyPurposeId purpose, Duration validFor) {
    KeyPair leafKeys = newKeys();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
          new X500Name("CN=" + cn + ",O=Sheaf tests"), leafKeys, validFor)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      X509Certificate leaf = sign(builder, keys.getPrivate());
      Issued issued = new Issued(dir.resolve(cn + ".pem"), dir.resolve(cn + "-key.pem"), leaf, leafKeys.getPrivate());
      write(cn + ".pem", List.of(leaf, certificate));
      write(cn + "-key.pem", List.of(new JcaPKCS8Generator(leafKeys.getPrivate(), null)));
      return issued;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A certificate this CA issued, as files: the chain (leaf, then the CA) and its unencrypted PKCS#8 key.
   */
  public record Issued(Path certFile, Path keyFile, X509Certificate certificate, PrivateKey key) {

    public PemKeyCertOptions keyCertOptions() {
      return new PemKeyCertOptions().setCertPath(certFile.toString()).setKeyPath(keyFile.toString());
    }

    /** The key encrypted (PBES2, AES-256-CBC) with {@code password}, written next to the plain one. */
    public Path encryptedKeyFile(String password) {
      try {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).setRandom(new SecureRandom())
            .build();
        Path file = keyFile.resolveSibling(keyFile.getFileName().toString().replace(".pem", "-encrypted.pem"));
        writePem(file, List.of(new JcaPKCS8Generator(key, encryptor)));
        return file;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void write(String fileName, List<?> objects) throws IOException {
    writePem(dir.resolve(fileName), objects);
  }

  private static void writePem(Path file, List<?> objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        if (object instanceof JcaPKCS8Generator generator) {
          pem.writeObject(generator);
        } else {
          pem.writeObject(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validFor) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validFor)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
