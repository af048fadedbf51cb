<?php
/**
 * Stand-in for Context, with the few collaborators the module reaches through it.
 */

declare(strict_types=1);

class Link
{
    public function getModuleLink($module, $controller = 'default', array $params = [], $ssl = null)
    {
        $query = http_build_query(array_merge(['fc' => 'module', 'module' => $module, 'controller' => $controller], $params));

        return 'https://shop.example/index.php?' . $query;
    }

    public function getAdminLink($controller, $withToken = true, $sfRouteParams = [], $params = [])
    {
        return 'https://shop.example/admin/index.php?controller=' . $controller . '&' . http_build_query($params);
    }
}

class Smarty
{
    /** @var array<string, mixed> */
    public array $assigned = [];

    public function assign($name, $value = null)
    {
        if (is_array($name)) {
            $this->assigned = array_merge($this->assigned, $name);
        } else {
            $this->assigned[$name] = $value;
        }

        return $this;
    }
}

class Context
{
    private static ?Context $instance = null;

    /** @var Cart|null */
    public $cart;
    /** @var Customer|null */
    public $customer;
    /** @var Language */
    public $language;
    /** @var Link */
    public $link;
    /** @var Smarty */
    public $smarty;
    /** @var object|null */
    public $controller;
    /** @var object */
    public $cookie;

    public static function getContext()
    {
        if (self::$instance === null) {
            self::$instance = new self();
            self::$instance->language = new Language();
            self::$instance->link = new Link();
            self::$instance->smarty = new Smarty();
            self::$instance->cart = new Cart();
            self::$instance->customer = new Customer();
            self::$instance->cookie = new stdClass();
        }

        return self::$instance;
    }

    public static function reset(): void
    {
        self::$instance = null;
    }
}
