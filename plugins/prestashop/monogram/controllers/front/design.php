<?php
/**
 * POST target of views/js/product.js after monogram:design-saved: stores the design on the cart.
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

class MonogramDesignModuleFrontController extends ModuleFrontController
{
    /** @var Monogram */
    public $module;

    public $ajax = true;

    public function postProcess(): void
    {
        [$status, $answer] = $this->module->designEndpoint()->handle(
            (string) ($_SERVER['REQUEST_METHOD'] ?? 'GET'),
            $_POST,
            (string) Tools::getToken(false),
            fn (): int => $this->cartId()
        );
        http_response_code($status);
        header('Content-Type: application/json; charset=utf-8');
        header('Cache-Control: no-store');
        $this->ajaxRender((string) json_encode($answer, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
        exit;
    }

    /** A first-time visitor has no saved cart yet: make one, as the cart controller would. */
    private function cartId(): int
    {
        $cart = $this->context->cart;
        if (!$cart->id) {
            if ($this->context->cookie->id_guest) {
                $guest = new Guest((int) $this->context->cookie->id_guest);
                $cart->mobile_theme = $guest->mobile_theme;
            }
            $cart->add();
            if ($cart->id) {
                $this->context->cookie->id_cart = (int) $cart->id;
                $this->context->cookie->write();
            }
        }

        return (int) $cart->id;
    }
}
