<?php
/**
 * Stand-in for ObjectModel: objects saved with add() come back from `new Class($id)`.
 */

declare(strict_types=1);

abstract class ObjectModel
{
    /** @var int|null */
    public $id;

    /** @var array<class-string, array<int, array<string, mixed>>> */
    private static array $saved = [];

    /** @var array<class-string, int> */
    private static array $nextId = [];

    public function __construct($id = null, $idLang = null, $idShop = null)
    {
        if ($id !== null && isset(self::$saved[static::class][(int) $id])) {
            foreach (self::$saved[static::class][(int) $id] as $property => $value) {
                $this->{$property} = $value;
            }
        }
    }

    public function add($autoDate = true, $nullValues = false)
    {
        if (!$this->id) {
            $next = self::$nextId[static::class] ?? 1;
            $this->id = $next;
        }
        self::$nextId[static::class] = max(self::$nextId[static::class] ?? 1, (int) $this->id + 1);
        self::$saved[static::class][(int) $this->id] = get_object_vars($this);

        return true;
    }

    public function update($nullValues = false)
    {
        self::$saved[static::class][(int) $this->id] = get_object_vars($this);

        return true;
    }

    public function delete()
    {
        unset(self::$saved[static::class][(int) $this->id]);

        return true;
    }

    public function save($nullValues = false, $autoDate = true)
    {
        return isset(self::$saved[static::class][(int) $this->id]) ? $this->update() : $this->add();
    }

    /**
     * @return list<static>
     */
    public static function all(): array
    {
        return array_map(static fn (int $id) => new static($id), array_keys(self::$saved[static::class] ?? []));
    }

    public static function resetAll(): void
    {
        self::$saved = [];
        self::$nextId = [];
    }
}
