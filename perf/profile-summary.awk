# Summarises `jfr print --events jdk.ExecutionSample`: each sample is charged to the first frame from
# the top that is not JDK code (java., jdk., sun.), so HashMap.get counts for whoever called it.
function component(frame) {
  if (frame ~ /^dev\.sheaf\./) return "Sheaf (dev.sheaf)"
  if (frame ~ /^graphql\./) return "graphql-java"
  if (frame ~ /^org\.dataloader\./) return "java-dataloader"
  if (frame ~ /^com\.google\.protobuf\./) return "protobuf"
  if (frame ~ /^com\.fasterxml\.jackson\./) return "Jackson"
  if (frame ~ /^io\.vertx\.grpc\./) return "Vert.x gRPC"
  if (frame ~ /^io\.vertx\./) return "Vert.x"
  if (frame ~ /^io\.netty\./) return "Netty"
  if (frame ~ /^org\.slf4j\./) return "logging"
  return "other"
}
/stackTrace = \[/ { in_stack = 1; charged = 0; first = ""; next }
in_stack && /^[ \t]*\]/ {
  if (!charged && first != "") { methods[first]++; comps["JDK only: " first]++ }
  total++; in_stack = 0; next
}
in_stack {
  line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*/, "", line)
  if (first == "") first = line
  if (!charged && line !~ /^(java|jdk|sun|javax)\./ && line != "...") {
    methods[line]++; comps[component(line)]++; charged = 1
  }
}
END {
  printf "%d samples\n\nby component (JDK frames charged to their caller):\n", total
  for (c in comps) if (c !~ /^JDK only/) printf "%6.1f%%  %s\n", 100 * comps[c] / total, c | "sort -rn"
  close("sort -rn")
  printf "\ntop methods (the first non-JDK frame of each sample):\n"
  for (m in methods) printf "%6.1f%%  %s\n", 100 * methods[m] / total, m | "sort -rn | head -25"
  close("sort -rn | head -25")
}
