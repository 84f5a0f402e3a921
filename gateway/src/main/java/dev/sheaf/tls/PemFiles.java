package dev.sheaf.tls;

import dev.sheaf.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads certificates and PKCS#8 private keys from PEM files with the JDK alone. Every failure is a
 * {@link ConfigException} naming the file and the reason, never the key's bytes or its password.
 */
final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private PemFiles() {
  }

  /** Every certificate of the file, in order (a chain is written leaf first). */
  static List<X509Certificate> certificates(Path file) {
    List<byte[]> blocks = blocks(file, "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw new ConfigException(file + ": not a PEM certificate file (no -----BEGIN CERTIFICATE----- block)");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks) {
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new ConfigException(file + ": a CERTIFICATE block is not an X.509 certificate (" + e.getMessage() + ")");
    }
    return certificates;
  }

  /**
   * The file's private key: {@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY} with its password.
   *
   * @param password null when none is configured
   */
  static PrivateKey privateKey(Path file, String password) {
    List<byte[]> plain = blocks(file, "PRIVATE KEY");
    List<byte[]> encrypted = blocks(file, "ENCRYPTED PRIVATE KEY");
    if (plain.size() + encrypted.size() != 1) {
      String text = read(file);
      String hint = text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
          ? "a PKCS#1/SEC1 key: convert it with openssl pkcs8 -topk8 -in old.pem -out key.pem (add -nocrypt for no password)"
          : "expected exactly one -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY----- block";
      throw new ConfigException(file + ": not a PEM PKCS#8 private key; " + hint);
    }
    if (!encrypted.isEmpty()) {
      if (password == null) {
        throw new ConfigException(file + ": the key is encrypted and no keyPassword is configured; set keyPassword: "
            + "${KEY_PASSWORD} or ${file:/run/secrets/key-password}");
      }
      return decode(file, decrypt(file, encrypted.get(0), password));
    }
    return decode(file, new PKCS8EncodedKeySpec(plain.get(0)));
  }

  /** Whether the key is the private half of the certificate's public key: it signs, the certificate verifies. */
  static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448
    };
    byte[] probe = "sheaf key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // e.g. an EC key against an RSA certificate
    }
    if (!matches) {
      throw new ConfigException(keyFile + ": the private key does not match the certificate in " + certFile
          + " (" + certificate.getSubjectX500Principal().getName() + "); give the key that certificate was issued for");
    }
  }

  private static PKCS8EncodedKeySpec decrypt(Path file, byte[] der, String password) {
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      // PBES2 names its real cipher in its parameters (e.g. PBEWithHmacSHA256AndAES_256), not in its name.
      String cipherName = info.getAlgParameters() == null ? info.getAlgName() : info.getAlgParameters().toString();
      SecretKeyFactory factory = SecretKeyFactory.getInstance(cipherName);
      Cipher cipher = Cipher.getInstance(cipherName);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
          info.getAlgParameters());
      return info.getKeySpec(cipher);
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(file + ": the encrypted key cannot be decrypted (wrong keyPassword, or an "
          + "unsupported cipher: " + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey decode(Path file, PKCS8EncodedKeySpec spec) {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | ClassCastException e) {
        // not this algorithm: try the next
      }
    }
    throw new ConfigException(file + ": the PKCS#8 key is neither RSA, EC nor EdDSA");
  }

  private static List<byte[]> blocks(Path file, String type) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(read(file));
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": a " + type + " block is not valid base64");
        }
      }
    }
    return blocks;
  }

  private static String read(Path file) {
    try {
      // Latin-1 decodes any byte: a DER or other binary file is then simply "not PEM".
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(file + ": cannot be read (permission denied)");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
