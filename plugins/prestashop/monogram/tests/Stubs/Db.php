<?php
/**
 * Stand-in for PrestaShop's Db: in-memory tables that run the simple SQL the module writes
 * (SELECT … FROM … WHERE a = 1 AND b <= '…' ORDER BY … LIMIT n, CREATE/DROP TABLE) and the
 * insert/update/delete helpers. Anything else throws, so an unsupported query cannot pass
 * unnoticed. Values come back as strings, as they do from MySQL.
 */

declare(strict_types=1);

class PrestaShopDatabaseException extends RuntimeException
{
}

class Db
{
    public const INSERT = 1;
    public const INSERT_IGNORE = 2;
    public const REPLACE = 3;
    public const ON_DUPLICATE_KEY = 4;

    private static ?Db $instance = null;

    /** @var array<string, array{auto: ?string, rows: list<array<string, ?string>>}> */
    private array $tables = [];

    private int $lastInsertId = 0;

    /** @var list<string> every statement, for assertions */
    public array $queries = [];

    /** When true every call fails, as with a lost database connection. */
    public bool $broken = false;

    public static function getInstance(bool $master = true): self
    {
        return self::$instance ??= new self();
    }

    public static function reset(): void
    {
        self::$instance = new self();
    }

    /** Creates a table under its full name (prefix included). */
    public function createTable(string $name, ?string $autoIncrement = null): void
    {
        $this->tables[$name] = ['auto' => $autoIncrement, 'rows' => []];
    }

    public function hasTable(string $name): bool
    {
        return isset($this->tables[$name]);
    }

    /**
     * @return list<array<string, ?string>>
     */
    public function rows(string $name): array
    {
        return $this->table($name)['rows'];
    }

    /**
     * Inserts a row as given (no unescaping): test fixtures.
     *
     * @param array<string, scalar|null> $row
     */
    public function seed(string $name, array $row): int
    {
        return $this->store($name, $row);
    }

    public function execute($sql, $useCache = true): bool
    {
        $this->guard($sql);
        if (preg_match('/^\s*CREATE TABLE IF NOT EXISTS `(\w+)`\s*\((.*)\)[^)]*$/is', $sql, $m)) {
            if (!isset($this->tables[$m[1]])) {
                $auto = preg_match('/`(\w+)`[^,]*AUTO_INCREMENT/i', $m[2], $a) ? $a[1] : null;
                $this->createTable($m[1], $auto);
            }

            return true;
        }
        if (preg_match('/^\s*DROP TABLE IF EXISTS `(\w+)`\s*$/i', $sql, $m)) {
            unset($this->tables[$m[1]]);

            return true;
        }
        throw new LogicException('stub Db cannot execute: ' . $sql);
    }

    /**
     * @return list<array<string, ?string>>
     */
    public function executeS($sql, $array = true, $useCache = true): array
    {
        $this->guard((string) $sql);

        return $this->select((string) $sql);
    }

    /**
     * @return array<string, ?string>|false
     */
    public function getRow($sql, $useCache = true): array|false
    {
        $this->guard((string) $sql);
        $rows = $this->select((string) $sql);

        return $rows[0] ?? false;
    }

    public function getValue($sql, $useCache = true): mixed
    {
        $row = $this->getRow($sql, $useCache);

        return is_array($row) && $row !== [] ? reset($row) : false;
    }

    /**
     * @param array<string, mixed> $data values already escaped by the caller, as PrestaShop expects
     */
    public function insert($table, $data, $nullValues = false, $useCache = true, $type = self::INSERT, $addPrefix = true): bool
    {
        $name = ($addPrefix ? _DB_PREFIX_ : '') . $table;
        $this->guard('INSERT INTO `' . $name . '`');
        $this->store($name, array_map([$this, 'unescape'], $data));

        return true;
    }

    /**
     * @param array<string, mixed> $data
     */
    public function update($table, $data, $where = '', $limit = 0, $nullValues = false, $useCache = true, $addPrefix = true): bool
    {
        $name = ($addPrefix ? _DB_PREFIX_ : '') . $table;
        $this->guard('UPDATE `' . $name . '` WHERE ' . $where);
        $condition = $this->parseCondition((string) $where);
        $changed = 0;
        foreach ($this->table($name)['rows'] as $i => $row) {
            if ($limit > 0 && $changed >= $limit) {
                break;
            }
            if ($this->matches($row, $condition)) {
                foreach ($data as $column => $value) {
                    $this->tables[$name]['rows'][$i][$column] = self::string($this->unescape($value));
                }
                ++$changed;
            }
        }

        return true;
    }

    public function delete($table, $where = '', $limit = 0, $useCache = true, $addPrefix = true): bool
    {
        $name = ($addPrefix ? _DB_PREFIX_ : '') . $table;
        $this->guard('DELETE FROM `' . $name . '` WHERE ' . $where);
        $condition = $this->parseCondition((string) $where);
        $this->tables[$name]['rows'] = array_values(array_filter(
            $this->table($name)['rows'],
            fn (array $row): bool => !$this->matches($row, $condition)
        ));

        return true;
    }

    public function Insert_ID(): int
    {
        return $this->lastInsertId;
    }

    /** PrestaShop's escape: tags stripped unless HTML is allowed, then quotes escaped. */
    public function escape($string, $htmlOk = false, $bqSql = false): string
    {
        $string = (string) $string;
        if (!$htmlOk) {
            $string = strip_tags(nl2br($string));
        }

        return addslashes($string);
    }

    private function guard(string $sql): void
    {
        $this->queries[] = $sql;
        if ($this->broken) {
            throw new PrestaShopDatabaseException('stub database is down');
        }
    }

    /**
     * @return array{auto: ?string, rows: list<array<string, ?string>>}
     */
    private function table(string $name): array
    {
        if (!isset($this->tables[$name])) {
            throw new PrestaShopDatabaseException("Table '{$name}' doesn't exist");
        }

        return $this->tables[$name];
    }

    /**
     * @param array<string, mixed> $row
     */
    private function store(string $name, array $row): int
    {
        $auto = $this->table($name)['auto'];
        if ($auto !== null && empty($row[$auto])) {
            $ids = array_map(static fn (array $r): int => (int) $r[$auto], $this->tables[$name]['rows']);
            $row = [$auto => $ids === [] ? 1 : max($ids) + 1] + $row;
        }
        $this->tables[$name]['rows'][] = array_map([self::class, 'string'], $row);
        $this->lastInsertId = $auto !== null ? (int) $row[$auto] : 0;

        return $this->lastInsertId;
    }

    private function unescape(mixed $value): mixed
    {
        return is_string($value) ? stripslashes($value) : $value;
    }

    private static function string(mixed $value): ?string
    {
        if ($value === null) {
            return null;
        }

        return is_bool($value) ? ($value ? '1' : '0') : (string) $value;
    }

    /**
     * @return list<array<string, ?string>>
     */
    private function select(string $sql): array
    {
        $pattern = '/^\s*SELECT\s+(?<cols>.+?)\s+FROM\s+`(?<table>\w+)`'
            . '(?:\s+WHERE\s+(?<where>.+?))?(?:\s+ORDER\s+BY\s+(?<order>.+?))?(?:\s+LIMIT\s+(?<limit>\d+))?\s*$/is';
        if (!preg_match($pattern, $sql, $m)) {
            throw new LogicException('stub Db cannot select: ' . $sql);
        }
        $condition = $this->parseCondition($m['where'] ?? '');
        $rows = array_values(array_filter(
            $this->table($m['table'])['rows'],
            fn (array $row): bool => $this->matches($row, $condition)
        ));

        if (($m['order'] ?? '') !== '') {
            $keys = [];
            foreach (explode(',', $m['order']) as $part) {
                if (!preg_match('/^\s*`(\w+)`\s*(ASC|DESC)?\s*$/i', $part, $o)) {
                    throw new LogicException('stub Db cannot order by: ' . $part);
                }
                $keys[] = [$o[1], strtoupper($o[2] ?? 'ASC') === 'DESC' ? -1 : 1];
            }
            usort($rows, static function (array $a, array $b) use ($keys): int {
                foreach ($keys as [$column, $direction]) {
                    $c = self::compare($a[$column] ?? null, $b[$column] ?? null);
                    if ($c !== 0) {
                        return $c * $direction;
                    }
                }

                return 0;
            });
        }
        if (($m['limit'] ?? '') !== '') {
            $rows = array_slice($rows, 0, (int) $m['limit']);
        }

        $cols = trim($m['cols']);
        if ($cols === '*') {
            return $rows;
        }
        $wanted = [];
        foreach (explode(',', $cols) as $col) {
            if (!preg_match('/^\s*`(\w+)`\s*$/', $col, $c)) {
                throw new LogicException('stub Db cannot select column: ' . $col);
            }
            $wanted[] = $c[1];
        }

        return array_map(static function (array $row) use ($wanted): array {
            $out = [];
            foreach ($wanted as $column) {
                if (!array_key_exists($column, $row)) {
                    throw new PrestaShopDatabaseException("Unknown column '{$column}'");
                }
                $out[$column] = $row[$column];
            }

            return $out;
        }, $rows);
    }

    /**
     * A conjunction of `col` op literal, `col` IN (…), `col` IS [NOT] NULL.
     *
     * @return list<array{0: string, 1: string, 2: mixed}>
     */
    private function parseCondition(string $where): array
    {
        $where = trim($where);
        if ($where === '') {
            return [];
        }
        $tokens = [];
        $offset = 0;
        $grammar = '/\G\s*(?:`(?<col>\w+)`|\'(?<str>(?:[^\'\\\\]|\\\\.)*)\'|(?<num>-?\d+(?:\.\d+)?)'
            . '|(?<op><=|>=|!=|<>|=|<|>)|(?<punct>[(),])|(?<word>AND|IN|IS|NOT|NULL)\b)/Ai';
        while ($offset < strlen($where)) {
            if (trim(substr($where, $offset)) === '') {
                break;
            }
            if (!preg_match($grammar, $where, $t, 0, $offset)) {
                throw new LogicException('stub Db cannot parse condition: ' . $where);
            }
            $offset += strlen($t[0]);
            foreach (['col', 'str', 'num', 'op', 'punct', 'word'] as $kind) {
                if (isset($t[$kind]) && $t[$kind] !== '') {
                    $value = $kind === 'str' ? stripslashes($t[$kind]) : $t[$kind];
                    $tokens[] = [$kind, $kind === 'word' ? strtoupper($value) : $value];
                    break;
                }
                if ($kind === 'str' && isset($t['str']) && $t[0] !== '' && trim($t[0]) === "''") {
                    $tokens[] = ['str', ''];
                    break;
                }
            }
        }

        $terms = [];
        $i = 0;
        $next = static function () use (&$tokens, &$i, $where): array {
            if (!isset($tokens[$i])) {
                throw new LogicException('stub Db: condition ends early: ' . $where);
            }

            return $tokens[$i++];
        };
        $literal = static function (array $token) use ($where): string {
            if ($token[0] !== 'str' && $token[0] !== 'num') {
                throw new LogicException('stub Db: a literal was expected in: ' . $where);
            }

            return $token[1];
        };
        while ($i < count($tokens)) {
            $column = $next();
            if ($column[0] !== 'col') {
                throw new LogicException('stub Db: a `column` was expected in: ' . $where);
            }
            $op = $next();
            if ($op[0] === 'op') {
                $terms[] = [$column[1], $op[1] === '<>' ? '!=' : $op[1], $literal($next())];
            } elseif ($op === ['word', 'IN']) {
                if ($next() !== ['punct', '(']) {
                    throw new LogicException('stub Db: ( expected after IN in: ' . $where);
                }
                $values = [];
                do {
                    $values[] = $literal($next());
                    $sep = $next();
                } while ($sep === ['punct', ',']);
                $terms[] = [$column[1], 'IN', $values];
            } elseif ($op === ['word', 'IS']) {
                $word = $next();
                $negated = $word === ['word', 'NOT'];
                if ($negated) {
                    $word = $next();
                }
                $terms[] = [$column[1], $negated ? 'NOT NULL' : 'NULL', null];
            } else {
                throw new LogicException('stub Db: an operator was expected in: ' . $where);
            }
            if ($i < count($tokens) && $next() !== ['word', 'AND']) {
                throw new LogicException('stub Db supports AND only: ' . $where);
            }
        }

        return $terms;
    }

    /**
     * @param array<string, ?string>                 $row
     * @param list<array{0: string, 1: string, 2: mixed}> $condition
     */
    private function matches(array $row, array $condition): bool
    {
        foreach ($condition as [$column, $op, $value]) {
            if (!array_key_exists($column, $row)) {
                throw new PrestaShopDatabaseException("Unknown column '{$column}'");
            }
            $actual = $row[$column];
            $ok = match ($op) {
                'NULL' => $actual === null,
                'NOT NULL' => $actual !== null,
                'IN' => in_array(true, array_map(static fn ($v): bool => self::compare($actual, $v) === 0, $value), true),
                '=' => $actual !== null && self::compare($actual, $value) === 0,
                '!=' => $actual !== null && self::compare($actual, $value) !== 0,
                '<' => $actual !== null && self::compare($actual, $value) < 0,
                '<=' => $actual !== null && self::compare($actual, $value) <= 0,
                '>' => $actual !== null && self::compare($actual, $value) > 0,
                '>=' => $actual !== null && self::compare($actual, $value) >= 0,
            };
            if (!$ok) {
                return false;
            }
        }

        return true;
    }

    private static function compare(?string $a, ?string $b): int
    {
        if ($a === null || $b === null) {
            return ($a === null ? 0 : 1) - ($b === null ? 0 : 1);
        }
        if (is_numeric($a) && is_numeric($b)) {
            return (float) $a <=> (float) $b;
        }

        return strcmp($a, $b);
    }
}
