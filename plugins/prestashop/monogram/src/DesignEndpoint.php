<?php
/**
 * The shop side of the loader's monogram:design-saved event: puts the design on the cart.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class DesignEndpoint
{
    /**
     * @param array<int, string> $labels field label per language id
     */
    public function __construct(
        private readonly Config $config,
        private readonly CustomizationStore $customizations,
        private readonly Logger $logger,
        private readonly array $labels,
    ) {
    }

    /**
     * @param array<string, mixed> $post         the request's POST fields
     * @param string               $staticToken  PrestaShop's front-office token (Tools::getToken(false))
     * @param callable(): int      $cartId       the shopper's cart id, creating the cart if needed
     *
     * @return array{0: int, 1: array<string, mixed>} HTTP status and JSON answer
     */
    public function handle(string $method, array $post, string $staticToken, callable $cartId): array
    {
        if ($method !== 'POST') {
            return [405, ['error' => 'POST only']];
        }
        if ($staticToken === '' || !hash_equals($staticToken, (string) ($post['token'] ?? ''))) {
            return [403, ['error' => 'invalid token; reload the page']];
        }
        $idProduct = (int) ($post['id_product'] ?? 0);
        if ($idProduct <= 0 || !$this->config->isPersonalisable($idProduct)) {
            return [404, ['error' => 'this product is not personalised with Monogram']];
        }
        $design = Design::fromStrings($post['design'] ?? null, $post['design_token'] ?? null);
        if ($design === null) {
            return [422, ['error' => 'design and design_token must be a design id (dsn_…) and its token (dt_…)']];
        }

        try {
            $idCart = $cartId();
            if ($idCart <= 0) {
                return [500, ['error' => 'no cart']];
            }
            $idCustomization = $this->customizations->save($idCart, $idProduct, $design, $this->labels);
        } catch (\Throwable $e) {
            $this->logger->error('could not keep the design on the cart: ' . $e->getMessage());

            return [500, ['error' => 'the design could not be kept on the cart']];
        }

        return [200, ['id_customization' => $idCustomization, 'design' => $design->id]];
    }
}
