<?php
/**
 * Stand-in for CustomizationField: add() writes the ps_customization_field row core would.
 */

declare(strict_types=1);

class CustomizationField extends ObjectModel
{
    public $id_product;
    public $type;
    public $required;
    public $is_module;
    public $is_deleted;

    /** @var array<int, string> */
    public $name = [];

    public function add($autoDate = true, $nullValues = false)
    {
        $this->id = Db::getInstance()->seed(_DB_PREFIX_ . 'customization_field', [
            'id_product' => $this->id_product,
            'type' => $this->type,
            'required' => $this->required,
            'is_module' => $this->is_module,
            'is_deleted' => $this->is_deleted,
        ]);

        return parent::add($autoDate, $nullValues);
    }
}
