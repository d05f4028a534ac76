# .env reading as abra does it: godotenv (github.com/joho/godotenv v1.5, abra's dependency), here in jq.
# Input: the file as one raw string (jq -Rs). Output: one JSON object, KEY -> value, in file order.
# The harness's reader (harness-extensions .../app/DotEnv.java) does the same; both are tested on the
# same cases (harness-extensions/src/test/resources/dotenv-cases.json). What godotenv does, per line:
#  - blank lines and lines starting with '#' are skipped; a leading `export ` is dropped;
#  - KEY is what comes before the first '=', trimmed; the value starts after it, leading spaces dropped;
#  - quoted values end at the first quote that does not follow a backslash (anything after it is
#    ignored); then godotenv trims quote characters off both ends of what it took;
#  - 'single quoted': taken literally;
#  - "double quoted": \n and \r become newline and CR, a backslash
#    before any other character but $ is dropped; then variables are expanded;
#  - unquoted: cut at the first " #" (an inline comment), trailing spaces dropped; then variables
#    are expanded;
#  - expansion: $NAME and ${NAME} with NAME in [A-Z0-9_] take the value of an EARLIER line, else the
#    environment's, else ""; \$ stays a literal $. ${NAME:-default} is NOT a godotenv form (the
#    "${NAME" part is expanded, ":-default}" stays as it is).
#  - an opening quote without its closing one on the line: godotenv fails ("unterminated quoted value").
def expand($m):
  gsub("(?<esc>\\\\)?(?<dollar>\\$)(?<paren>\\()?(?<ob>\\{)?(?<name>[A-Z0-9_]+)?(?<cb>\\})?";
    ((.esc // "") + .dollar + (.paren // "") + (.ob // "") + (.name // "") + (.cb // "")) as $all
    | if .esc != null or .paren != null then $all[1:]
      elif .name != null then ($m[.name] // $ENV[.name] // "")
      else $all end);
def unescape:
  gsub("\\\\(?<c>.)"; if .c == "n" then "\n" elif .c == "r" then "\r" else "\\" + .c end)
  | gsub("\\\\(?<c>[^$])"; .c);
def trimquotes($q): sub("^[" + $q + "]+"; "") | sub("[" + $q + "]+$"; "");
reduce (split("\n")[] | sub("\r$"; "") | sub("^\\s+"; "")) as $line ({};
  if $line == "" or ($line | startswith("#")) then .
  else
    ($line | sub("^export\\s+"; "")) as $l
    | ($l | index("=")) as $eq
    | if $eq == null then .
      else
        ($l[:$eq] | sub("\\s+$"; "")) as $k
        | ($l[$eq + 1:] | sub("^\\s+"; "")) as $v
        | . as $m
        | .[$k] = (
            if ($v | startswith("'")) then
              ($v | capture("^(?<q>'(?:[^']|(?<=\\\\)')*?)(?<!\\\\)'") // error("unterminated quoted value: " + $k)).q | trimquotes("'")
            elif ($v | startswith("\"")) then
              ($v | capture("^(?<q>\"(?:[^\"]|(?<=\\\\)\")*?)(?<!\\\\)\"") // error("unterminated quoted value: " + $k)).q
              | trimquotes("\"") | unescape | expand($m)
            else
              ($v | index(" #")) as $c
              | (if $c == null then $v else $v[:$c] end) | sub("\\s+$"; "") | expand($m)
            end)
      end
  end)
