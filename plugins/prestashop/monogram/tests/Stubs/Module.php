<?php
/**
 * Stand-in for Module: identity, hook registration and template rendering by name.
 */

declare(strict_types=1);

abstract class Module
{
    public $id;
    public $name;
    public $tab;
    public $version;
    public $author;
    public $need_instance;
    public $bootstrap;
    public $ps_versions_compliancy = [];
    public $displayName;
    public $description;
    public $confirmUninstall;

    /** @var Context */
    public $context;

    /** @var list<string> */
    public array $registeredHooks = [];

    /** Module id given to every module built in tests (ps_module.id_module). */
    public static int $nextId = 7;

    public function __construct($name = null, $context = null)
    {
        $this->context = $context ?? Context::getContext();
        $this->id = self::$nextId;
    }

    public function install()
    {
        return true;
    }

    public function uninstall()
    {
        return true;
    }

    public function registerHook($hookName, $shopList = null)
    {
        $this->registeredHooks[] = $hookName;

        return true;
    }

    public function l($string, $specific = false, $locale = null)
    {
        return htmlspecialchars((string) $string, ENT_QUOTES, 'UTF-8');
    }

    /** Returns the template's path: tests read what was assigned to Smarty. */
    public function display($file, $template, $cache_id = null, $compile_id = null)
    {
        return 'rendered:' . $template;
    }
}
